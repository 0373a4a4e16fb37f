using System.Diagnostics;
using SyncFiles.Exporter.Export;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// The receipt loop under a random courier, over many rounds: bundles and receipts lost,
/// duplicated, delayed (so they arrive out of order, and an old receipt can land after a newer
/// one) and now and then a bundle damaged on the way. Whatever happens, once the courier behaves
/// again head office ends with every bundle applied exactly once and in order, holding the shop's
/// rows, with no command typed; and after every export the site's archive still holds every
/// bundle head office has not applied. Programs run in-process here (many rounds, ~20 s).
/// </summary>
public sealed class ReceiptScheduleTests
{
    private const int Rounds = 18;
    private const int DrainRounds = 14;

    [Fact]
    public async Task A_random_courier_ends_with_every_bundle_applied_once_in_order_and_the_archive_never_forgets_an_unacknowledged_one()
    {
        var seed = TestReport.Seed();
        var clock = Stopwatch.StartNew();
        try
        {
            var (bundles, drained) = await PlayAsync(new Random(seed), signed: seed % 2 == 0);
            TestReport.Line($"receipt schedule: {bundles} bundles, {Rounds} rough rounds + {drained} calm ones, {(seed % 2 == 0 ? "signed" : "unsigned")}, {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Assert.Fail($"seed {seed} (replay with {TestReport.Variable}={seed}): {ex}");
        }
    }

    private static async Task<(long Bundles, int Drained)> PlayAsync(Random random, bool signed)
    {
        using var loop = new ReceiptLoop(signed, keepDays: 0);
        var bag = Path.Combine(loop.Sync.Root, "courier");
        var bundlesInTransit = new List<(string Name, int Due)>();
        var receiptsInTransit = new List<(byte[] Receipt, int Due)>();
        var receiptsWritten = new List<byte[]>();
        long made = 0;
        for (var round = 0; round < Rounds + DrainRounds; round++)
        {
            var calm = round >= Rounds;
            loop.ShopDay();
            var export = await loop.Sync.ExportAsync();
            Assert.True(export.ExitCode == 0, $"round {round}: {export}");
            made++;
            AssertArchiveKeepsWhatHeadOfficeLacks(loop, made, round);

            foreach (var name in loop.TakeOutbox(bag).Where(n => n.EndsWith(".zip", StringComparison.Ordinal)))
            {
                if (!calm && random.NextDouble() < 0.2)
                {
                    continue; // lost on the way
                }

                bundlesInTransit.Add((name, round + (calm ? 0 : random.Next(3) == 0 ? random.Next(1, 4) : 0)));
                if (!calm && random.NextDouble() < 0.15)
                {
                    bundlesInTransit.Add((name, round + random.Next(0, 4))); // delivered twice
                }
            }

            var due = bundlesInTransit.Where(b => b.Due <= round).OrderBy(_ => random.Next()).ToList();
            bundlesInTransit.RemoveAll(b => b.Due <= round);
            foreach (var (name, _) in due)
            {
                loop.DeliverBundle(bag, name);
                if (!calm && random.NextDouble() < 0.05)
                {
                    var path = Path.Combine(loop.Sync.Inbox, name);
                    var bytes = File.ReadAllBytes(path);
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255)); // damaged on the way
                    File.WriteAllBytes(path, bytes);
                }
            }

            var import = await loop.Sync.ImportAsync();
            Assert.True(import.ExitCode is 0 or 3 or 4, $"round {round}: {import}");

            Assert.True(File.Exists(loop.HeadOfficeReceipt), $"round {round}: head office wrote no receipt. {import}");
            var receipt = File.ReadAllBytes(loop.HeadOfficeReceipt);
            receiptsWritten.Add(receipt);
            if (calm || random.NextDouble() >= 0.25)
            {
                receiptsInTransit.Add((receipt, round + (calm ? 0 : random.Next(3) == 0 ? random.Next(1, 3) : 0)));
            }

            if (!calm && random.NextDouble() < 0.15)
            {
                // An old receipt turns up (a second stick, a share restored from a backup).
                receiptsInTransit.Add((receiptsWritten[random.Next(receiptsWritten.Count)], round));
            }

            var receiptsDue = receiptsInTransit.Where(r => r.Due <= round).ToList();
            receiptsInTransit.RemoveAll(r => r.Due <= round);
            foreach (var (bytes, _) in calm ? receiptsDue : receiptsDue.OrderBy(_ => random.Next()).ToList())
            {
                File.WriteAllBytes(Path.Combine(loop.SiteReceipts, Path.GetFileName(loop.HeadOfficeReceipt)), bytes);
            }

            if (calm && AppliedThrough(loop.Ledger()) == made)
            {
                AssertEnd(loop, made);
                return (made, round - Rounds + 1);
            }
        }

        Assert.Fail($"head office applied up to {AppliedThrough(loop.Ledger())} of {made} bundles after {DrainRounds} calm rounds; ledger {string.Join(",", loop.Ledger())}");
        return default;
    }

    private static void AssertEnd(ReceiptLoop loop, long made)
    {
        // Exactly once each, in order: the ledger in the order its rows were written.
        Assert.Equal(Enumerable.Range(1, (int)made).Select(i => (long)i).ToList(), loop.Ledger());
        loop.AssertCentralMatchesSource("after the schedule");
    }

    private static void AssertArchiveKeepsWhatHeadOfficeLacks(ReceiptLoop loop, long made, int round)
    {
        var applied = AppliedThrough(loop.Ledger());
        var archived = new BundleArchive(loop.Archive, new SyncFiles.Exporter.Config.ArchiveConfig(), TimeProvider.System).Sequences(loop.Sync.SiteId).ToHashSet();
        for (var sequence = applied + 1; sequence <= made; sequence++)
        {
            Assert.True(archived.Contains(sequence), $"round {round}: bundle {sequence} is not applied at head office (applied up to {applied}) yet the archive forgot it; it keeps {string.Join(",", archived.Order())}");
        }
    }

    /// <summary>The highest sequence with every one below it in the ledger.</summary>
    private static long AppliedThrough(List<long> ledger)
    {
        var applied = ledger.ToHashSet();
        long through = 0;
        while (applied.Contains(through + 1))
        {
            through++;
        }

        return through;
    }
}
