using System.Globalization;
using CsCheck;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// Whatever order bundles arrive in, however often and however late, head office ends with the
/// state of every site's chain applied in order: a property checked over random delivery
/// schedules of the same bundles from three sites that share the central tables.
/// </summary>
public sealed class DeliveryScheduleTests
{
    private static readonly string[] Sites = ["AG01", "AG02", "AG03"];
    private const int BundlesPerSite = 4;

    /// <summary>When a courier drops one bundle file into the inbox, under which name.</summary>
    public sealed record Delivery(int Bundle, int Step, int Order, bool Copy);

    public sealed record Schedule(int Steps, IReadOnlyList<Delivery> Deliveries)
    {
        public override string ToString() =>
            $"{Steps} steps: " + string.Join(", ", Deliveries.OrderBy(d => d.Step).ThenBy(d => d.Order).Select(d => $"#{d.Bundle}@{d.Step}{(d.Copy ? " (again)" : string.Empty)}"));
    }

    [Fact]
    public async Task Any_delivery_schedule_with_duplicates_and_late_arrivals_ends_in_every_chain_applied_in_order()
    {
        var sites = new List<SyncFixture>();
        try
        {
            var bundles = new List<string>();
            for (var s = 0; s < Sites.Length; s++)
            {
                var site = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, Sites[s]);
                sites.Add(site);
                bundles.AddRange(await ExportChainAsync(site, s));
            }

            var reference = await ReferenceAsync(bundles);
            var schedules =
                from steps in Gen.Int[1, 5]
                from first in Gen.Int[0, steps - 1].Array[bundles.Count]
                from again in Gen.Int[0, 3].Array[bundles.Count]
                from againAt in Gen.Int[0, steps - 1].Array[bundles.Count]
                from order in Gen.Int[0, 1000].Array[bundles.Count * 2]
                select new Schedule(steps, Enumerable.Range(0, bundles.Count)
                    .SelectMany(b => again[b] switch
                    {
                        // Now and then a second copy: in the same step, or in any later one (or, when
                        // the draw says earlier, in the same step).
                        2 => [new Delivery(b, first[b], order[b], false), new Delivery(b, first[b], order[bundles.Count + b], true)],
                        3 => [new Delivery(b, first[b], order[b], false), new Delivery(b, Math.Max(first[b], againAt[b]), order[bundles.Count + b], true)],
                        _ => new[] { new Delivery(b, first[b], order[b], false) },
                    })
                    .ToList());

            var runs = 0;
            await schedules.SampleAsync(
                async schedule => runs += await DeliverAndImportAsync(schedule, bundles, reference),
                iter: 15,
                threads: 1,
                print: schedule => schedule.ToString());
            TestReport.Line($"delivery: 15 schedules of {bundles.Count} bundles from {Sites.Length} sites, {runs} importer runs");
        }
        finally
        {
            sites.ForEach(site => site.Dispose());
        }
    }

    /// <summary>Plays one schedule against a fresh head office; returns how many importer runs it took.</summary>
    private static async Task<int> DeliverAndImportAsync(Schedule schedule, List<string> bundles, Dictionary<string, TableContents> reference)
    {
        using var office = new HeadOffice(new SqliteTestDatabase(), Sites);
        for (var step = 0; step < schedule.Steps; step++)
        {
            foreach (var delivery in schedule.Deliveries.Where(d => d.Step == step).OrderBy(d => d.Order))
            {
                var bundle = bundles[delivery.Bundle];
                var name = Path.GetFileName(bundle);
                var copies = 0;
                while (File.Exists(Path.Combine(office.Inbox, name)))
                {
                    // The first copy still waits in the inbox: a courier would name the second one apart.
                    name = $"{Path.GetFileNameWithoutExtension(bundle)}.copy{++copies}.zip";
                }

                office.Deliver(bundle, name);
            }

            var result = await office.ImportAsync();
            Assert.True(result.ExitCode is 0 or 4, $"step {step}: {result}");
            Assert.Empty(SyncFixture.Files(office.Quarantine));
            if (step == schedule.Steps - 1)
            {
                Assert.True(result.ExitCode == 0, $"last step: everything was delivered, yet: {result}");
            }
        }

        Assert.Empty(SyncFixture.Files(office.Inbox));
        Assert.Equal(
            Sites.SelectMany(site => Enumerable.Range(1, BundlesPerSite).Select(sequence => (site, (long)sequence))).ToList(),
            office.Ledger());
        foreach (var (table, contents) in office.Contents())
        {
            contents.AssertSameAs(reference[table], $"{table} after the schedule");
        }

        return schedule.Steps;
    }

    /// <summary>Every bundle delivered at once, in order: the state any schedule must end in.</summary>
    private static async Task<Dictionary<string, TableContents>> ReferenceAsync(List<string> bundles)
    {
        using var office = new HeadOffice(new SqliteTestDatabase(), Sites);
        bundles.ForEach(bundle => office.Deliver(bundle));
        var result = await office.ImportAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        return office.Contents();
    }

    /// <summary>A site's chain: a full bundle, then incremental ones with new and corrected invoices and renamed families.</summary>
    private static async Task<List<string>> ExportChainAsync(SyncFixture site, int siteIndex)
    {
        site.ExecuteSource(ShopData.Familles(1, 20) + ShopData.Factures(1, 40 + (siteIndex * 5), round: 0));
        var chain = new List<string> { await site.ExportOkAsync() };
        var nextId = 1000;
        for (var round = 1; round < BundlesPerSite; round++)
        {
            // Each site changes other rows, so a bundle applied for the wrong site would show.
            var stamp = round + (siteIndex * 100);
            site.ExecuteSource(
                ShopData.Factures(nextId, nextId + 4, stamp) +
                ShopData.TouchFactures(stamp, modulo: 3, residue: (round + siteIndex) % 3) +
                ShopData.TouchFamilles(stamp, modulo: 4, residue: (round + siteIndex) % 4));
            nextId += 5;
            chain.Add(await site.ExportOkAsync());
        }

        Assert.All(chain.Select((path, i) => (path, i)), c => Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"{site.SiteId}-{c.i + 1:D8}.zip"), c.path, StringComparison.Ordinal));
        return chain;
    }
}
