using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>Bundles that arrive twice, out of order, or from where they should not.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task A_bundle_delivered_twice_changes_nothing_the_second_time()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var bundle = await sync.ExportOkAsync();
        sync.Deliver(bundle);
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource("UPDATE factures SET total_ttc = '99.00'"); // Not exported: must not appear.
        sync.Deliver(bundle);

        var again = await sync.ImportAsync();

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("duplicate   AG01-00000001.zip: already applied", again.Output, StringComparison.Ordinal);
        Assert.Equal([["AG01-00000001.duplicate.zip", "AG01-00000001.zip"]], [SyncFixture.Files(sync.Processed).ToArray()]);
        Assert.Equal(1L, sync.CentralCount("syncfiles_ledger"));
        Assert.Equal([[10L]], sync.QueryCentral("SELECT total_ttc FROM factures"));
    }

    [Fact]
    public async Task A_bundle_whose_predecessor_is_missing_is_held_until_it_arrives()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var first = await sync.ExportOkAsync();
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');");
        var second = await sync.ExportOkAsync();
        sync.ExecuteSource("INSERT INTO factures VALUES (3, 'F3', '30.00', NULL, '2026-11-03 10:00:00.000');");
        var third = await sync.ExportOkAsync();

        sync.Deliver(third);
        sync.Deliver(second);
        var held = await sync.ImportAsync();

        Assert.Equal(4, held.ExitCode);
        Assert.Contains("held        AG01-00000002.zip: waits for sequence 1 of site AG01", held.Output, StringComparison.Ordinal);
        Assert.Contains("held        AG01-00000003.zip: waits for sequence 1 of site AG01", held.Output, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000002.zip", "AG01-00000003.zip"], SyncFixture.Files(sync.Inbox));
        Assert.Equal(0L, sync.CentralCount("factures"));

        sync.Deliver(first);
        var caughtUp = await sync.ImportAsync();

        Assert.Equal(0, caughtUp.ExitCode);
        Assert.Equal([[1L], [2L], [3L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
        Assert.Equal(3L, sync.CentralCount("factures"));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
    }

    [Fact]
    public async Task A_bundle_from_a_site_not_in_the_server_configuration_is_quarantined()
    {
        using var sync = ShopSchemas.NewShop();
        using var other = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, siteId: "AG99");
        other.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await other.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["AG99-00000001.zip", "AG99-00000001.zip.error.txt"], SyncFixture.Files(sync.Quarantine));
        Assert.Contains("Site AG99 is not in the server configuration's sites", File.ReadAllText(Path.Combine(sync.Quarantine, "AG99-00000001.zip.error.txt")), StringComparison.Ordinal);
        Assert.Equal(0L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_different_bundle_with_an_applied_sequence_is_quarantined()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        // The site lost its state file and started numbering again.
        File.Delete(sync.StatePath);
        Directory.Delete(sync.Outbox, recursive: true);
        sync.ExecuteSource("UPDATE factures SET total_ttc = '11.00'");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var reason = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("Site AG01 sequence 1 was already applied", reason, StringComparison.Ordinal);
        Assert.Equal([[10L]], sync.QueryCentral("SELECT total_ttc FROM factures"));
    }

    [Fact]
    public async Task A_full_bundle_heals_a_lost_bundle_and_what_it_skipped_is_filed_as_superseded()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');");
        var lost = await sync.ExportOkAsync();
        sync.ExecuteSource("INSERT INTO factures VALUES (3, 'F3', '30.00', NULL, '2026-11-03 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(4, (await sync.ImportAsync()).ExitCode);

        // The operator's one command: a full export, which head office accepts over the gap.
        sync.Deliver(await sync.ExportOkAsync("--full"));
        var healed = await sync.ImportAsync();

        Assert.Equal(0, healed.ExitCode);
        Assert.Contains("applied     AG01-00000004.zip: full", healed.Output, StringComparison.Ordinal);
        Assert.Contains("superseded  AG01-00000003.zip", healed.Output, StringComparison.Ordinal);
        Assert.Equal(3L, sync.CentralCount("factures"));

        sync.Deliver(lost);
        var late = await sync.ImportAsync();
        Assert.Equal(0, late.ExitCode);
        Assert.Contains("superseded  AG01-00000002.zip", late.Output, StringComparison.Ordinal);
        Assert.Equal([[1L], [4L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
    }
}
