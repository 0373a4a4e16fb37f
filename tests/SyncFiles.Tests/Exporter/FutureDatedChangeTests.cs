using System.Globalization;
using System.Text.Json.Nodes;
using SyncFiles.Exporter.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// A change value dated in the future (a typo, a 9999-12-31 sentinel, a clock set wrong) must not
/// freeze a table's incremental export: the bound stops at the source's clock plus the overlap, the
/// row travels in every run, and the log and <c>status</c> name it.
/// </summary>
public sealed class FutureDatedChangeTests
{
    [Fact]
    public async Task A_row_dated_9999_12_31_does_not_stop_later_changes_and_travels_in_every_run()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO factures VALUES
              (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000'),
              (9, 'F9', '90.00', 'typo', '9999-12-31 00:00:00.000');
            """);

        var first = await sync.ExportAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Table factures: 1 rows have modifie_le beyond the source database's clock plus the overlap", first.Error, StringComparison.Ordinal);
        Assert.Contains("the largest 9999-12-31T00:00:00 (key id=9)", first.Error, StringComparison.Ordinal);
        var bound = Watermark(sync);
        Assert.True(DateTime.Parse(bound, CultureInfo.InvariantCulture) < DateTime.UtcNow.AddHours(15), bound);

        // A change made after the first run, dated by the clock as an application would.
        sync.ExecuteSource($"INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '{Now()}');");
        var second = await sync.ExportAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        var csv = TestBundles.ReadEntry(second.Output.Trim(), "tables/factures.csv");
        Assert.Contains("\n2,F2,20.00,,", csv, StringComparison.Ordinal);
        Assert.Contains("\n9,F9,90.00,typo,9999-12-31T00:00:00\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n1,F1,", csv, StringComparison.Ordinal);
        Assert.Contains("key id=9", second.Error, StringComparison.Ordinal);

        var status = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath], o, e));
        Assert.Contains("ahead of the clock: 1 rows dated beyond the bound, the largest modifie_le 9999-12-31T00:00:00 (id=9)", status.Output, StringComparison.Ordinal);

        // Corrected at the site: the next run exports it and the warning is gone.
        sync.ExecuteSource($"UPDATE factures SET modifie_le = '{Now()}', remarque = NULL WHERE id = 9;");
        var third = await sync.ExportAsync();
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.DoesNotContain("beyond the source database's clock", third.Error, StringComparison.Ordinal);
        Assert.Contains("\n9,F9,90.00,,", TestBundles.ReadEntry(third.Output.Trim(), "tables/factures.csv"), StringComparison.Ordinal);
        var after = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath], o, e));
        Assert.DoesNotContain("ahead of the clock", after.Output, StringComparison.Ordinal);

        foreach (var bundle in SyncFixture.Files(sync.Outbox))
        {
            sync.Deliver(Path.Combine(sync.Outbox, bundle));
        }

        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([[1L, "F1"], [2L, "F2"], [9L, "F9"]], sync.QueryCentral("SELECT id, numero FROM factures ORDER BY id"));
        Assert.Equal([[null]], sync.QueryCentral("SELECT remarque FROM factures WHERE id = 9"));
    }

    [Fact]
    public async Task A_state_frozen_at_9999_12_31_recovers_by_itself_with_a_warning()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO factures VALUES
              (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000'),
              (9, 'F9', '90.00', NULL, '9999-12-31 00:00:00.000');
            """);
        Assert.Equal(0, (await sync.ExportAsync()).ExitCode);

        // What an earlier version left: the future-dated row became the bound.
        var state = JsonNode.Parse(File.ReadAllText(sync.StatePath))!;
        state["tables"]!["factures"] = new JsonObject { ["column"] = "modifie_le", ["strategy"] = "timestamp", ["to"] = "9999-12-31T00:00:00" };
        File.WriteAllText(sync.StatePath, state.ToJsonString());
        sync.ExecuteSource($"UPDATE factures SET remarque = 'corrigée', modifie_le = '{Now()}' WHERE id = 1;");

        var recovery = await sync.ExportAsync();

        Assert.True(recovery.ExitCode == 0, recovery.ToString());
        Assert.Contains("Table factures: the last bound 9999-12-31T00:00:00 lies more than a day beyond the source database's clock plus the overlap", recovery.Error, StringComparison.Ordinal);
        var csv = TestBundles.ReadEntry(recovery.Output.Trim(), "tables/factures.csv");
        Assert.Contains("\n1,F1,10.00,corrigée,", csv, StringComparison.Ordinal);
        Assert.True(DateTime.Parse(Watermark(sync), CultureInfo.InvariantCulture) < DateTime.UtcNow.AddHours(15));

        sync.ExecuteSource($"INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '{Now()}');");
        var next = await sync.ExportAsync();
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.DoesNotContain("the last bound", next.Error, StringComparison.Ordinal);
        Assert.Contains("\n2,F2,20.00,,", TestBundles.ReadEntry(next.Output.Trim(), "tables/factures.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_postgresql_a_future_dated_timestamp_is_bounded_by_the_servers_local_clock()
    {
        using var sync = new SyncFixture(
            new PostgresTestDatabase(),
            new SqliteTestDatabase(),
            [new { name = "rental", kind = "transaction", changeColumn = "last_update" }],
            [new { name = "rental", siteColumn = "agence" }]);
        sync.ExecuteSource("""
            CREATE TABLE rental (rental_id integer PRIMARY KEY, last_update timestamp NOT NULL DEFAULT localtimestamp);
            CREATE INDEX ON rental (last_update);
            INSERT INTO rental VALUES (1, localtimestamp - interval '1 day'), (9, '9999-12-31 00:00:00');
            """);
        sync.Target.Execute("CREATE TABLE rental (agence VARCHAR(10) NOT NULL, rental_id INTEGER NOT NULL, last_update DATETIME NOT NULL, PRIMARY KEY (agence, rental_id));");

        var first = await sync.ExportAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Table rental: 1 rows have last_update beyond the source database's clock plus the overlap", first.Error, StringComparison.Ordinal);
        Assert.Contains("the largest 9999-12-31T00:00:00 (key rental_id=9)", first.Error, StringComparison.Ordinal);
        sync.ExecuteSource("INSERT INTO rental VALUES (2);");
        var second = await sync.ExportOkAsync();

        var csv = TestBundles.ReadEntry(second, "tables/rental.csv");
        Assert.Contains("\n2,", csv, StringComparison.Ordinal);
        Assert.Contains("\n9,9999-12-31T00:00:00\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n1,", csv, StringComparison.Ordinal);
        sync.Deliver(first.Output.Trim());
        sync.Deliver(second);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(3, sync.CentralCount("rental"));
    }

    // SQLite's own clock (UTC) in the column's layout; at least the clock the last run read.
    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Watermark(SyncFixture sync) =>
        JsonNode.Parse(File.ReadAllText(sync.StatePath))!["tables"]!["factures"]!["to"]!.GetValue<string>();
}
