using System.Text.Json;
using Npgsql;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// No bundle is retried forever: a failure the importer cannot classify fails the same bundle on
/// consecutive runs, is shown by status, and is quarantined with the error and the count on the
/// third; transient failures never count; another site's bundles are applied all along.
/// </summary>
public sealed class FailureStrikeTests
{
    // A head office whose invoices table refuses site AG01's rows with an error of its own making
    // (SQLSTATE SF001): neither transient nor a data refusal the importer knows.
    private const string CentralWithRefusingTrigger = """
        CREATE TABLE familles (agence varchar(10) NOT NULL, id integer NOT NULL, libelle varchar(60) NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE factures (
            agence varchar(10) NOT NULL,
            id integer NOT NULL,
            numero varchar(20) NOT NULL,
            total_ttc numeric(14,2) NOT NULL,
            remarque text,
            modifie_le timestamp NOT NULL,
            PRIMARY KEY (agence, id));
        CREATE FUNCTION refuse_ag01() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.agence = 'AG01' THEN
                RAISE EXCEPTION 'invoices of AG01 are frozen' USING ERRCODE = 'SF001';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_ag01 BEFORE INSERT OR UPDATE ON factures FOR EACH ROW EXECUTE FUNCTION refuse_ag01();
        """;

    [Fact]
    public async Task A_bundle_failing_the_same_way_on_three_runs_is_quarantined_with_the_error_and_count_while_another_site_is_applied_every_run()
    {
        using var sync = NewHeadOfficeWithTwoSites();
        using var other = NewSite("AG02");
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var stuck = Path.GetFileName(sync.Deliver(await sync.ExportOkAsync()));

        for (var run = 1; run <= 3; run++)
        {
            other.ExecuteSource($"INSERT INTO factures VALUES ({run}, 'G{run}', '5.00', NULL, '2026-11-0{run} 10:00:00.000');");
            sync.Deliver(await other.ExportOkAsync());

            var result = await sync.ImportAsync();

            Assert.Equal(run, sync.Target.Count("factures WHERE agence = 'AG02'"));
            Assert.Equal(0, sync.Target.Count("factures WHERE agence = 'AG01'"));
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unexpected failure", result.Error, StringComparison.Ordinal);
            if (run < 3)
            {
                Assert.True(result.ExitCode == 1, result.ToString());
                Assert.Contains($"{stuck} was not applied and stays in the inbox: failure {run} of 3 with this error", result.Error, StringComparison.Ordinal);
                Assert.Contains("table factures: SF001: invoices of AG01 are frozen", result.Error, StringComparison.Ordinal);
                Assert.Contains(stuck, SyncFixture.Files(sync.Inbox));

                var text = await StatusAsync(sync);
                Assert.Contains($"1 failing ({run} of 3)", text.Output, StringComparison.Ordinal);
                Assert.Contains($"failing     {stuck}: failed {run} run{(run == 1 ? string.Empty : "s")} in a row (quarantined at 3)", text.Output, StringComparison.Ordinal);
                Assert.Contains("SF001: invoices of AG01 are frozen", text.Output, StringComparison.Ordinal);
                using var json = JsonDocument.Parse((await StatusAsync(sync, "--json")).Output);
                var failing = Assert.Single(json.RootElement.GetProperty("sites")[0].GetProperty("failing").EnumerateArray());
                Assert.Equal(stuck, failing.GetProperty("file").GetString());
                Assert.Equal(run, failing.GetProperty("failures").GetInt32());
                Assert.Equal(3, failing.GetProperty("quarantinedAt").GetInt32());
                Assert.Contains("SF001", failing.GetProperty("error").GetString(), StringComparison.Ordinal);
                Assert.False(json.RootElement.GetProperty("allOk").GetBoolean());
                var page = Path.Combine(sync.Root, "status.html");
                Assert.Equal(0, (await StatusAsync(sync, "--html", page)).ExitCode);
                Assert.Contains($"<li class=\"failing\"><code>{stuck}</code> <span class=\"reason\">failed {run} of 3 runs: table factures: SF001", File.ReadAllText(page), StringComparison.Ordinal);
            }
            else
            {
                Assert.True(result.ExitCode == ExitCodes.Quarantined, result.ToString());
                Assert.DoesNotContain(stuck, SyncFixture.Files(sync.Inbox));
                Assert.Contains(stuck, SyncFixture.Files(sync.Quarantine));
                var error = File.ReadAllText(Path.Combine(sync.Quarantine, stuck + ".error.txt"));
                Assert.Contains($"{stuck} failed on 3 consecutive runs", error, StringComparison.Ordinal);
                Assert.Contains("table factures: SF001: invoices of AG01 are frozen", error, StringComparison.Ordinal);
                Assert.Contains("the central table factures", error, StringComparison.Ordinal);

                using var json = JsonDocument.Parse((await StatusAsync(sync, "--json")).Output);
                var ag01 = json.RootElement.GetProperty("sites")[0];
                Assert.Equal("quarantined", ag01.GetProperty("state").GetString());
                Assert.Empty(ag01.GetProperty("failing").EnumerateArray());
            }
        }
    }

    [Fact]
    public async Task Transient_failures_an_unreachable_database_and_a_lock_timeout_never_count_as_strikes()
    {
        using var sync = NewHeadOfficeWithTwoSites();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var stuck = Path.GetFileName(sync.Deliver(await sync.ExportOkAsync()));
        Assert.Equal(1, (await sync.ImportAsync()).ExitCode);
        var reachable = sync.Target.ConnectionString;

        // Head office's database is down.
        WriteServerConfig(sync, new NpgsqlConnectionStringBuilder(reachable) { Host = "127.0.0.1", Port = 1, Timeout = 3 }.ConnectionString);
        var down = await sync.ImportAsync();
        Assert.True(down.ExitCode == 1, down.ToString());
        Assert.DoesNotContain("   at ", down.Error, StringComparison.Ordinal);

        // Another session holds the invoices table: the merge gives up on its lock (55P03).
        WriteServerConfig(sync, new NpgsqlConnectionStringBuilder(reachable) { Options = "-c lock_timeout=300" }.ConnectionString);
        await using (var holder = new NpgsqlConnection(reachable))
        {
            await holder.OpenAsync(TestContext.Current.CancellationToken);
            await using var transaction = await holder.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await using (var command = new NpgsqlCommand("LOCK TABLE factures IN ACCESS EXCLUSIVE MODE", holder, transaction))
            {
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var locked = await sync.ImportAsync();
            Assert.True(locked.ExitCode == 1, locked.ToString());
            Assert.Contains($"{stuck} was not applied and stays in the inbox for the next run", locked.Error, StringComparison.Ordinal);
            Assert.Contains("55P03", locked.Error, StringComparison.Ordinal);
        }

        WriteServerConfig(sync, reachable);
        var second = await sync.ImportAsync();

        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains("failure 2 of 3 with this error", second.Error, StringComparison.Ordinal);
        Assert.Contains(stuck, SyncFixture.Files(sync.Inbox));
        Assert.Contains($"1 failing (2 of 3)", (await StatusAsync(sync)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_applied_after_its_cause_is_fixed_leaves_no_strike_behind()
    {
        using var sync = NewHeadOfficeWithTwoSites();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(1, (await sync.ImportAsync()).ExitCode);
        Assert.True(File.Exists(Path.Combine(sync.Quarantine, ".strikes.json")));

        sync.Target.Execute("DROP TRIGGER refuse_ag01 ON factures");
        var fixedRun = await sync.ImportAsync();

        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Equal(1, sync.Target.Count("factures WHERE agence = 'AG01'"));
        Assert.False(File.Exists(Path.Combine(sync.Quarantine, ".strikes.json")));
        Assert.DoesNotContain("failing", (await StatusAsync(sync)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trigger_writing_to_a_missing_table_quarantines_the_bundle_at_once_naming_the_central_table()
    {
        using var sync = NewHeadOfficeWithTwoSites();
        sync.Target.Execute("""
            DROP TRIGGER refuse_ag01 ON factures;
            CREATE FUNCTION audit_factures() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO audit_log (agence, id) VALUES (NEW.agence, NEW.id);
                RETURN NEW;
            END $$;
            CREATE TRIGGER audit_factures AFTER INSERT ON factures FOR EACH ROW EXECUTE FUNCTION audit_factures();
            """);
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var bundle = Path.GetFileName(sync.Deliver(await sync.ExportOkAsync()));

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == ExitCodes.Quarantined, result.ToString());
        var error = File.ReadAllText(Path.Combine(sync.Quarantine, bundle + ".error.txt"));
        Assert.Contains($"The target database refused {bundle} in the central table factures: 42P01: relation \"audit_log\" does not exist", error, StringComparison.Ordinal);
        Assert.Contains("Change the central table factures so it takes the bundle's data", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sync.Quarantine, ".strikes.json")));
    }

    private static SyncFixture NewHeadOfficeWithTwoSites()
    {
        var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        sync.ExecuteSource(ShopSchemas.ShopSource);
        sync.Target.Execute(CentralWithRefusingTrigger);
        WriteServerConfig(sync, sync.Target.ConnectionString);
        return sync;
    }

    private static SyncFixture NewSite(string siteId)
    {
        var site = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, siteId);
        return site;
    }

    private static void WriteServerConfig(SyncFixture sync, string connectionString) =>
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "postgres", connectionString },
            inbox = "inbox",
            processed = "processed",
            quarantine = "quarantine",
            settleTime = "0s",
            sites = new[] { new { id = "AG01" }, new { id = "AG02" } },
            tables = ShopSchemas.ShopServerTables,
        }));

    private static Task<CliResult> StatusAsync(SyncFixture sync, params string[] extra) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", sync.ServerConfigPath, .. extra], o, e));
}
