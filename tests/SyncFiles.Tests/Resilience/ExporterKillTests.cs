using System.Globalization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// The exporter as a real process, SIGKILLed at random points of real runs: whatever the moment,
/// the outbox holds only complete bundles under final names, the state is never ahead of them,
/// and the next run covers what the killed one did not publish.
/// </summary>
public sealed class ExporterKillTests
{
    // A reference table of this size is exported whole by every run: about half a second per run on
    // an idle 2-core machine (a third of it the runtime's startup), long enough to land kills all
    // along a run, short enough to afford a dozen and more.
    private const int Familles = 15_000;
    private const int InitialFactures = 20_000;
    private const int RandomKillsWanted = 12;
    private const int PublishKillsWanted = 3;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_exporter_killed_at_random_points_leaves_only_complete_bundles_and_the_next_run_covers_the_lost_range()
    {
        var seed = TestReport.Seed();
        var random = new Random(seed);
        var because = $"seed {seed}";
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, Familles) + ShopData.Factures(1, InitialFactures, round: 0));
        var outbox = new OutboxWatch(sync, because);

        // Two runs left alone: the first (full) starts the chain, the second (incremental, like
        // every run after it) tells how long a run takes on this machine right now. The estimate
        // follows every run that ends before its kill.
        await ExportToEndAsync(sync, because);
        var nextId = ChangeShop(sync, round: 1, InitialFactures + 1);
        var runTime = await ExportToEndAsync(sync, because);
        Assert.Equal(2, outbox.Check().HighestBundle);

        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        int randomKills = 0, publishKills = 0, finished = 0, round = 1;
        var landed = new List<string>();
        while (randomKills < RandomKillsWanted || publishKills < PublishKillsWanted)
        {
            Assert.True(round < (RandomKillsWanted + PublishKillsWanted) * 3, $"{because}: only {randomKills + publishKills} of {round} runs could be killed; runs take {runTime.TotalMilliseconds:0} ms");
            round++;
            nextId = ChangeShop(sync, round, nextId);

            // Most kills at a random point of the run; some late in it, where the read-back, the
            // publish and the state save are; and, as publishing is over in a few milliseconds,
            // some the moment the bundle shows up under its final name.
            var atPublish = publishKills < PublishKillsWanted && round % 4 == 0;
            var fraction = round % 4 == 2 ? 0.75 + (random.NextDouble() * 0.25) : 0.05 + (random.NextDouble() * 0.9);
            var delay = runTime * fraction;
            var before = outbox.Check();
            using var export = ProgramProcess.Start("syncfiles-export", "run", "--config", sync.SiteConfigPath);
            if (atPublish)
            {
                // .NET moves without overwrite as link + unlink on Linux: a creation, not a rename.
                var name = BundleFileName.Format(sync.SiteId, before.HighestBundle + 1);
                await export.KillOnFileEventAsync(sync.Outbox, name, WatcherChangeTypes.Created | WatcherChangeTypes.Renamed, RunLimit);
            }
            else
            {
                await Task.Delay(delay, TestContext.Current.CancellationToken);
            }

            var killed = await export.KillAsync();
            var after = outbox.Check();
            if (!killed)
            {
                Assert.True(export.Result().ExitCode == 0, $"{because}, round {round}: {export.Result()}");
                Assert.Equal(before.HighestBundle + 1, after.HighestBundle);
                Assert.Equal(after.HighestBundle, after.StateSequence);
                runTime = export.Duration < runTime ? export.Duration : (runTime + export.Duration) / 2;
                finished++;
                continue;
            }

            var where = after.HighestBundle == before.HighestBundle ? "before publish"
                : after.StateSequence < after.HighestBundle ? "after publish, before the state save"
                : "after the state save";
            tally[where] = tally.GetValueOrDefault(where) + 1;
            if (atPublish)
            {
                publishKills++;
                landed.Add($"at publish: {where}");
            }
            else
            {
                randomKills++;
                landed.Add(string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMilliseconds:0} ms ({fraction:0.00} of a run): {where}"));
            }
        }

        // A normal run after all that: it succeeds and continues the numbering.
        ChangeShop(sync, round + 1, nextId);
        var beforeLast = outbox.Check();
        await ExportToEndAsync(sync, because);
        var end = outbox.Check();
        Assert.Equal(beforeLast.HighestBundle + 1, end.HighestBundle);
        Assert.Equal(end.HighestBundle, end.StateSequence);

        // Head office applies every complete bundle in order and ends up with exactly the site's rows.
        var applying = System.Diagnostics.Stopwatch.StartNew();
        foreach (var bundle in Directory.GetFiles(sync.Outbox, "AG01-*.zip"))
        {
            sync.Deliver(bundle);
        }

        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, $"{because}: {import}");
        Assert.Equal(
            Enumerable.Range(1, (int)end.HighestBundle).Select(i => (long)i).ToList(),
            sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence").Select(row => (long)row[0]!).ToList());
        foreach (var table in ShopData.Tables)
        {
            TableContents.Read(sync.Target, ShopData.CentralQuery(table, sync.SiteId))
                .AssertSameAs(TableContents.Read(sync.Source, ShopData.SourceQuery(table)), because);
        }

        TestReport.Line(string.Create(CultureInfo.InvariantCulture, $"""
            exporter: {round + 2} runs of about {runTime.TotalMilliseconds:0} ms ({Familles} families, {nextId + 299} invoices at the end)
            {randomKills + publishKills} kills ({randomKills} at random delays, {publishKills} the moment the bundle appeared): {string.Join(", ", tally.Select(t => $"{t.Value} {t.Key}"))}; {finished} runs ended before their kill
            kills at: {string.Join("; ", landed)}
            {end.HighestBundle} bundles published, all applied in {applying.ElapsedMilliseconds} ms; {end.TempFiles} temporary files left behind ({end.TempBytes / 1024} KiB)
            """));
    }

    [Fact]
    public async Task A_temporary_bundle_left_by_a_killed_run_is_removed_by_the_next_run()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();

        // Exactly what a run killed while writing bundle 2 leaves behind, a day old.
        var leftover = AtomicFile.TempPathFor(Path.Combine(sync.Outbox, "AG01-00000002.zip"));
        await File.WriteAllBytesAsync(leftover, new byte[100_000], TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddDays(-1));

        await sync.ExportOkAsync();

        Assert.False(File.Exists(leftover), "a partial bundle from a killed run is still in the outbox after the next successful run");
    }

    private static async Task<TimeSpan> ExportToEndAsync(SyncFixture sync, string because)
    {
        using var export = ProgramProcess.Start("syncfiles-export", "run", "--config", sync.SiteConfigPath);
        var result = await export.WaitAsync(RunLimit);
        Assert.True(result.ExitCode == 0, $"{because}: {result}");
        return export.Duration;
    }

    /// <summary>A day at the shop: new invoices, some corrected, some families renamed; returns the next free invoice id.</summary>
    private static int ChangeShop(SyncFixture sync, int round, int nextId)
    {
        sync.ExecuteSource(
            ShopData.Factures(nextId, nextId + 299, round) +
            ShopData.TouchFactures(round, modulo: 50, residue: round % 50) +
            ShopData.TouchFamilles(round, modulo: 1000, residue: round % 1000));
        return nextId + 300;
    }
}
