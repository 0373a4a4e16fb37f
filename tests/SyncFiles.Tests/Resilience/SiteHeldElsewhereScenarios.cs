using SyncFiles.Importer.Import;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// An importer that finds a site's lock held by another importer does not wait for it: it applies
/// the other sites, tries that site once more at the end of its pass, and, still held, leaves its
/// bundles in the inbox to the holder, told once and not as a failure. Run for each target whose
/// lock is per site (SQLite has one writer per file, so an importer there waits as before).
/// </summary>
public abstract class SiteHeldElsewhereScenarios
{
    private const string Free = "AG01";
    private const string Held = "AG02";
    private const string LeftToIt = "site AG02: another importer is applying its bundles; left to it";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected abstract TestDatabase NewTarget();

    [Fact]
    public async Task A_site_another_importer_holds_is_left_to_it_the_others_are_applied_and_the_next_run_takes_it()
    {
        using var office = new HeadOffice(NewTarget(), [Free, Held]);
        var free = await DeliverTwoBundlesAsync(office, Free);
        var held = await DeliverTwoBundlesAsync(office, Held);

        // Another importer, through the same provider, in the middle of one of AG02's bundles.
        await using var other = await TargetProviders.Get(office.Target.Provider).OpenAsync(office.Target.ConnectionString, Path.GetTempPath(), Serilog.Core.Logger.None, Cancel);
        await other.EnsureLedgerAsync(Cancel);
        var holding = await other.BeginBundleAsync(Held, Cancel);
        CliResult run;
        try
        {
            run = await office.ImportAsync();
        }
        finally
        {
            await holding.DisposeAsync();
        }

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(free, name => Assert.Contains($"applied     {name}: ", run.Output, StringComparison.Ordinal));
        Assert.All(held, name => Assert.Contains($"skipped     {name}: {LeftToIt}", run.Output, StringComparison.Ordinal));
        Assert.Equal(1, Occurrences(run.Error, LeftToIt));
        Assert.DoesNotContain(" ERR ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" WRN ", run.Error, StringComparison.Ordinal);
        Assert.Equal(held, SyncFixture.Files(office.Inbox));
        Assert.Empty(SyncFixture.Files(office.Quarantine));
        Assert.Equal([(Free, 1L), (Free, 2L)], Ledger(office));
        Assert.Equal(0, Rows(office, Held));

        // Its lock released (the other importer gave up, or finished elsewhere): the next run applies it.
        var next = await office.ImportAsync();

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.All(held, name => Assert.Contains($"applied     {name}: ", next.Output, StringComparison.Ordinal));
        Assert.Empty(SyncFixture.Files(office.Inbox));
        Assert.Equal([(Free, 1L), (Free, 2L), (Held, 1L), (Held, 2L)], Ledger(office));
        Assert.Equal(Rows(office, Free), Rows(office, Held));
        Assert.Equal(free.Concat(held).Order(StringComparer.Ordinal), SyncFixture.Files(office.Processed));
    }

    [Fact]
    public async Task The_same_site_held_by_an_importer_of_another_head_office_on_the_same_server_is_not_left_to_it()
    {
        using var office = new HeadOffice(NewTarget(), [Free, Held]);
        var held = await DeliverTwoBundlesAsync(office, Held);

        // Another head office's ledger (another schema, or database) on the same server, applying its own AG02.
        using var elsewhere = NewTarget();
        await using var other = await TargetProviders.Get(elsewhere.Provider).OpenAsync(elsewhere.ConnectionString, Path.GetTempPath(), Serilog.Core.Logger.None, Cancel);
        await other.EnsureLedgerAsync(Cancel);
        await using var holding = await other.BeginBundleAsync(Held, Cancel);

        var run = await office.ImportAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(held, name => Assert.Contains($"applied     {name}: ", run.Output, StringComparison.Ordinal));
        Assert.DoesNotContain(LeftToIt, run.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(office.Inbox));
        Assert.Equal([(Held, 1L), (Held, 2L)], Ledger(office));
    }

    /// <summary>Two bundles of a small shop (a full one, then an incremental one), delivered; their file names.</summary>
    private static async Task<List<string>> DeliverTwoBundlesAsync(HeadOffice office, string siteId)
    {
        using var site = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, siteId);
        site.ExecuteSource(ShopData.Familles(1, 5) + ShopData.Factures(1, 10, round: 0));
        var first = office.Deliver(await site.ExportOkAsync());
        site.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        var second = office.Deliver(await site.ExportOkAsync());
        return [Path.GetFileName(first), Path.GetFileName(second)];
    }

    /// <summary>The ledger as (site, sequence), in that order (it exists: the other importer made it).</summary>
    private static List<(string Site, long Sequence)> Ledger(HeadOffice office) =>
        office.Target.Query("SELECT site_id, sequence FROM syncfiles_ledger ORDER BY site_id, sequence")
            .Select(row => ((string)row[0]!, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static long Rows(HeadOffice office, string site) =>
        Convert.ToInt64(office.Target.Query($"SELECT COUNT(*) FROM factures WHERE agence = '{site}'")[0][0], System.Globalization.CultureInfo.InvariantCulture);

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

public sealed class PostgresSiteHeldElsewhereTests : SiteHeldElsewhereScenarios
{
    protected override TestDatabase NewTarget() => new PostgresTestDatabase();
}

public sealed class MariaDbSiteHeldElsewhereTests : SiteHeldElsewhereScenarios
{
    protected override TestDatabase NewTarget() => new MySqlTestDatabase();
}
