using System.Text.Json;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

public sealed class IncrementalExportTests
{
    [Fact]
    public async Task Changed_and_new_rows_arrive_and_unchanged_ones_are_not_exported_again()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (1, 'Boissons');
            INSERT INTO factures VALUES
              (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000'),
              (2, 'F2', '20.00', NULL, '2026-11-01 11:00:00.000'),
              (3, 'F3', '30.00', NULL, '2026-11-02 09:00:00.000');
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        // A day later: one invoice corrected, one new; invoice 1 and 2 untouched.
        sync.ExecuteSource("""
            UPDATE factures SET total_ttc = '33.00', remarque = 'corrigée', modifie_le = '2026-11-03 08:00:00.000' WHERE id = 3;
            INSERT INTO factures VALUES (4, 'F4', '40.00', NULL, '2026-11-03 08:30:00.000');
            """);
        var second = await sync.ExportOkAsync();

        Assert.EndsWith("AG01-00000002.zip", second, StringComparison.Ordinal);
        var manifest = TestManifests.Read(second);
        Assert.Equal("incremental", manifest.GetProperty("mode").GetString());
        var factures = TestManifests.Table(manifest, "factures");
        // The overlap (5 minutes by default) reaches back from the last upper bound 2026-11-02 09:00:
        // invoice 3 is inside it by its new timestamp, invoice 4 is new, 1 and 2 are not exported.
        Assert.Equal(2, factures.GetProperty("rows").GetInt64());
        Assert.Equal("2026-11-02T08:55:00", factures.GetProperty("watermark").GetProperty("from").GetString());
        Assert.Equal("2026-11-03T08:30:00", factures.GetProperty("watermark").GetProperty("to").GetString());
        Assert.Equal(
            "id,numero,total_ttc,remarque,modifie_le\n3,F3,33.00,corrigée,2026-11-03T08:00:00\n4,F4,40.00,,2026-11-03T08:30:00\n",
            TestBundles.ReadEntry(second, "tables/factures.csv"));
        // Reference tables go in full every run.
        Assert.Equal(1, TestManifests.Table(manifest, "familles").GetProperty("rows").GetInt64());

        sync.Deliver(second);
        var import = await sync.ImportAsync();
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("3 rows (1 inserted, 1 updated, 1 unchanged)", import.Output, StringComparison.Ordinal);
        Assert.Equal(
            [[1L, 10L, null], [2L, 20L, null], [3L, 33L, "corrigée"], [4L, 40L, null]],
            sync.QueryCentral("SELECT id, total_ttc, remarque FROM factures ORDER BY id"));
    }

    [Fact]
    public async Task A_run_with_no_changes_exports_no_transaction_rows_beyond_the_overlap()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (1, 'Boissons');
            INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000'), (2, 'F2', '20.00', NULL, '2026-11-01 08:00:00.000');
            """);
        await sync.ExportOkAsync();
        var second = await sync.ExportOkAsync();

        // Only the newest invoice lies within the overlap window before the upper bound.
        Assert.Equal("id,numero,total_ttc,remarque,modifie_le\n1,F1,10.00,,2026-11-01T10:00:00\n", TestBundles.ReadEntry(second, "tables/factures.csv"));
    }

    [Fact]
    public async Task Full_flag_exports_everything_again_and_continues_the_sequence()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-01-01 10:00:00.000'), (2, 'F2', '20.00', NULL, '2026-11-01 08:00:00.000');");
        await sync.ExportOkAsync();
        var full = await sync.ExportOkAsync("--full");

        var manifest = TestManifests.Read(full);
        Assert.Equal(2, manifest.GetProperty("sequence").GetInt64());
        Assert.Equal("full", manifest.GetProperty("mode").GetString());
        Assert.Equal(2, TestManifests.Table(manifest, "factures").GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Initial_window_limits_the_first_export_to_recent_history()
    {
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["initialWindow"] = "7d";
            config["tables"] = ShopSchemas.ShopSiteTables;
        });
        sync.ExecuteSource("""
            INSERT INTO factures VALUES
              (1, 'OLD', '1.00', NULL, '2026-01-01 10:00:00.000'),
              (2, 'RECENT', '2.00', NULL, '2026-11-20 10:00:00.000'),
              (3, 'NEWEST', '3.00', NULL, '2026-11-26 10:00:00.000');
            """);

        var bundle = await sync.ExportOkAsync();

        var factures = TestManifests.Table(TestManifests.Read(bundle), "factures");
        Assert.Equal(2, factures.GetProperty("rows").GetInt64());
        Assert.Equal("2026-11-19T10:00:00", factures.GetProperty("watermark").GetProperty("from").GetString());
    }

    [Fact]
    public async Task Status_reports_last_sequence_watermarks_and_waiting_bundles()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var before = await CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath], o, e));
        Assert.Contains("none yet", before.Output, StringComparison.Ordinal);

        await sync.ExportOkAsync();
        var text = await CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath], o, e));
        var json = await CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath, "--json"], o, e));

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Last bundle:    1 (AG01-00000001.zip)", text.Output, StringComparison.Ordinal);
        Assert.Contains("factures                 modifie_le (timestamp) up to 2026-11-01T10:00:00", text.Output, StringComparison.Ordinal);
        Assert.Contains("Waiting:        AG01-00000001.zip", text.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(1, document.RootElement.GetProperty("lastSequence").GetInt64());
        Assert.Equal("2026-11-01T10:00:00", document.RootElement.GetProperty("watermarks").GetProperty("factures").GetProperty("to").GetString());
    }

    [Fact]
    public async Task A_change_column_without_an_index_is_warned_about()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("DROP INDEX ix_factures_modifie_le");

        var result = await sync.ExportAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Table factures: no index starts with change column modifie_le; every incremental run scans the whole table", result.Error, StringComparison.Ordinal);
    }
}
