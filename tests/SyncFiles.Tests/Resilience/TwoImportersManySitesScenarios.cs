using SyncFiles.Importer.Import;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// Two <c>syncfiles-import run</c> processes started together on one inbox of many small sites (a
/// scheduler that fired twice, or a second importer added for throughput): every bundle is applied
/// exactly once, and filed once under its own name as applied, never as a duplicate of what the
/// other process had just applied. Written once, run for each target database by a subclass.
/// </summary>
public abstract class TwoImportersManySitesScenarios
{
    private const int SiteCount = 12;
    private const int BundlesPerSite = 3;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    protected abstract TestDatabase NewTarget();

    [Fact]
    public async Task Two_importers_on_an_inbox_of_many_small_sites_apply_and_file_each_bundle_once()
    {
        var ids = Enumerable.Range(1, SiteCount).Select(i => $"S{i:00}").ToArray();
        using var office = new HeadOffice(NewTarget(), ids);
        var delivered = new List<string>();
        foreach (var id in ids)
        {
            using var site = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, id);
            site.ExecuteSource(ShopData.Familles(1, 5) + ShopData.Factures(1, 10, round: 0));
            delivered.Add(Path.GetFileName(office.Deliver(await site.ExportOkAsync())));
            for (var round = 1; round < BundlesPerSite; round++)
            {
                site.ExecuteSource(ShopData.Factures(round * 10 + 1, round * 10 + 10, round) + ShopData.TouchFactures(round, modulo: 3, residue: round % 3));
                delivered.Add(Path.GetFileName(office.Deliver(await site.ExportOkAsync())));
            }
        }

        // The ledger exists, as on every run but a database's first (its creation race has a test of its own).
        await using (var target = await TargetProviders.Get(office.Target.Provider).OpenAsync(office.Target.ConnectionString, Path.GetTempPath(), Serilog.Core.Logger.None, TestContext.Current.CancellationToken))
        {
            await target.EnsureLedgerAsync(TestContext.Current.CancellationToken);
        }

        var importers = Enumerable.Range(0, 2).Select(_ => ProgramProcess.Start("syncfiles-import", "run", "--config", office.ConfigPath)).ToList();
        CliResult[] results;
        try
        {
            results = await Task.WhenAll(importers.Select(importer => importer.WaitAsync(RunLimit)));
        }
        finally
        {
            importers.ForEach(importer => importer.Dispose());
        }

        var outputs = string.Join("\n", results.Select((r, i) => $"--- importer {i + 1}: {r}"));
        TestReport.Line(outputs);
        Assert.True(results.All(r => r.ExitCode == 0), outputs);
        Assert.Equal(
            ids.SelectMany(site => Enumerable.Range(1, BundlesPerSite).Select(sequence => (site, (long)sequence))).ToList(),
            office.Ledger());
        Assert.Empty(SyncFixture.Files(office.Inbox));
        Assert.Empty(SyncFixture.Files(office.Quarantine));
        Assert.Equal(delivered.Order(StringComparer.Ordinal), SyncFixture.Files(office.Processed));

        var kinds = results.SelectMany(r => r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(line => line.Split(' ')[0]).ToList();
        Assert.Equal(delivered.Count, kinds.Count(kind => kind == "applied"));
        Assert.DoesNotContain("duplicate", kinds);
    }
}

public sealed class PostgresTwoImportersManySitesTests : TwoImportersManySitesScenarios
{
    protected override TestDatabase NewTarget() => new PostgresTestDatabase();
}

public sealed class SqliteTwoImportersManySitesTests : TwoImportersManySitesScenarios
{
    protected override TestDatabase NewTarget() => new SqliteTestDatabase();
}
