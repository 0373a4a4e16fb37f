using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// Faults from below the programs: a database connection that drops mid-load, a folder that is
/// not there, a disk that is full. Each run fails with exit code 1 and a message, leaves nothing
/// half-done, and the run after the fault is gone succeeds.
/// </summary>
public sealed class IoFaultTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_PostgreSQL_connection_dropped_during_the_COPY_fails_the_run_and_changes_nothing()
    {
        var target = new PostgresTestDatabase(); // Owned by the fixture from the next line on.
        using var sync = new SyncFixture(new SqliteTestDatabase(), target, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        sync.Source.Execute(ShopSchemas.ShopSource);
        target.Execute(HeadOffice.CentralSchema);
        sync.ExecuteSource(ShopData.Familles(1, 20) + ShopData.Factures(1, 10, round: 0));
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        sync.ExecuteSource(ShopData.Factures(11, 80_010, round: 1));
        var large = sync.Deliver(await sync.ExportOkAsync());
        var application = "syncfiles-under-test-" + Guid.NewGuid().ToString("N")[..8];
        RewriteTarget(sync, new NpgsqlConnectionStringBuilder(target.ConnectionString) { ApplicationName = application }.ConnectionString);
        var before = PostgresState(target);

        using var import = ProgramProcess.Start("syncfiles-import", "run", "--config", sync.ServerConfigPath);
        var terminated = await TerminateDuringCopyAsync(target, application, import);
        var result = await import.WaitAsync(RunLimit);

        Assert.True(terminated, $"the importer's COPY was never seen running\n{result}");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("AG01-00000002.zip was not applied and stays in the inbox", result.Error, StringComparison.Ordinal);
        TestReport.Line($"dropped connection, exit {result.ExitCode}:\n{result.Error}");
        Assert.True(File.Exists(large), "the bundle left the inbox");
        Assert.Empty(SyncFixture.Files(sync.Quarantine));
        foreach (var (table, contents) in PostgresState(target))
        {
            contents.AssertSameAs(before[table], $"{table} after the dropped connection");
        }

        var again = await sync.ImportAsync();
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(2L, target.Count("syncfiles_ledger"));
        Assert.Equal(80_010L, target.Count("factures"));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
    }

    [Fact]
    public async Task An_outbox_that_is_a_file_fails_the_export_without_a_bundle_and_with_the_state_unchanged()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var state = await File.ReadAllBytesAsync(sync.StatePath, TestContext.Current.CancellationToken);
        Directory.Move(sync.Outbox, sync.Outbox + ".saved");
        await File.WriteAllTextAsync(sync.Outbox, "the outbox disk is not mounted", TestContext.Current.CancellationToken);
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        TestReport.Line($"outbox is a file, exit {result.ExitCode}:\n{result.Error}");
        Assert.Contains("nothing was published and the state is unchanged", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(state, await File.ReadAllBytesAsync(sync.StatePath, TestContext.Current.CancellationToken));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Outbox + ".saved"));
        Assert.DoesNotContain(Directory.GetFiles(sync.Root, "*.zip", SearchOption.AllDirectories), path => !path.StartsWith(sync.Outbox + ".saved", StringComparison.Ordinal));

        // The disk is back: the next run takes sequence 2 and brings the rows the failed one had.
        File.Delete(sync.Outbox);
        Directory.Move(sync.Outbox + ".saved", sync.Outbox);
        var next = await sync.ExportOkAsync();
        Assert.EndsWith("AG01-00000002.zip", next, StringComparison.Ordinal);
        sync.Deliver(Path.Combine(sync.Outbox, "AG01-00000001.zip"));
        sync.Deliver(next);
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        Assert.Equal(20L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_disk_that_fills_up_while_the_bundle_is_written_fails_the_export_with_the_state_unchanged()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The file-size limit (ulimit -f) that stands in for a full disk is set through bash on Linux.");
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var state = await File.ReadAllBytesAsync(sync.StatePath, TestContext.Current.CancellationToken);
        sync.ExecuteSource(ShopData.Familles(1, 20_000) + ShopData.Factures(11, 20_000, round: 1));

        // 64 KiB of room: the bundle (several hundred KiB) does not fit; the state file would.
        using var export = ProgramProcess.StartWithFileSizeLimit(64, "syncfiles-export", "run", "--config", sync.SiteConfigPath);
        var result = await export.WaitAsync(RunLimit);

        Assert.True(result.ExitCode == 1, result.ToString());
        TestReport.Line($"full disk (exporter), exit {result.ExitCode}:\n{result.Error}");
        Assert.Contains("nothing was published and the state is unchanged", result.Error, StringComparison.Ordinal);
        Assert.Equal(state, await File.ReadAllBytesAsync(sync.StatePath, TestContext.Current.CancellationToken));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Outbox).Where(name => !name.StartsWith('.')));

        var next = await sync.ExportOkAsync();
        Assert.EndsWith("AG01-00000002.zip", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disk_that_fills_up_while_the_bundle_is_written_leaves_no_partial_file_behind()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The file-size limit (ulimit -f) that stands in for a full disk is set through bash on Linux.");
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, 20_000) + ShopData.Factures(1, 20_000, round: 0));

        using var export = ProgramProcess.StartWithFileSizeLimit(64, "syncfiles-export", "run", "--config", sync.SiteConfigPath);
        var result = await export.WaitAsync(RunLimit);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(SyncFixture.Files(sync.Outbox));

        // The clean-up neither hides the write error nor leaves the partial file: the run reports
        // that nothing was published. (The file-size limit stands in for a full disk; .NET reports
        // it with another exception type than ENOSPC's IOException.)
        Assert.Contains("nothing was published and the state is unchanged", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_central_SQLite_database_that_cannot_grow_fails_the_run_and_keeps_the_bundle_in_the_inbox()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The file-size limit (ulimit -f) that stands in for a full disk is set through bash on Linux.");
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, 10) + ShopData.Factures(1, 10, round: 0));
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource(ShopData.Factures(11, 50_010, round: 1));
        var bundle = sync.Deliver(await sync.ExportOkAsync());
        var before = TableContents.Read(sync.Target, ShopData.CentralQuery("factures"));

        // Room for the database as it is plus 256 KiB: 50,000 invoices do not fit.
        var limit = (new FileInfo(sync.Target.AsSqlite().Path).Length / 1024) + 256;
        using var import = ProgramProcess.StartWithFileSizeLimit(limit, "syncfiles-import", "run", "--config", sync.ServerConfigPath);
        var result = await import.WaitAsync(RunLimit);

        Assert.True(result.ExitCode == 1, result.ToString());
        TestReport.Line($"full disk (importer), exit {result.ExitCode}:\n{result.Error}");
        Assert.Contains("AG01-00000002.zip was not applied and stays in the inbox", result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(bundle), "the bundle left the inbox");
        Assert.Empty(SyncFixture.Files(sync.Quarantine));
        Assert.Equal([[1L]], sync.QueryCentral("SELECT COUNT(*) FROM syncfiles_ledger"));
        TableContents.Read(sync.Target, ShopData.CentralQuery("factures")).AssertSameAs(before, "factures after the failed run");

        var again = await sync.ImportAsync();
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(50_010L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_bundle_committed_but_not_filed_away_is_filed_as_a_duplicate_by_the_next_run()
    {
        // The state a kill between the commit and the move to processed/ leaves, made certain: the
        // processed folder cannot be created (its parent is a file), so the move after the commit
        // fails. (processed/ itself being a file is refused before the run starts, exit 2.)
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        var bundle = await sync.ExportOkAsync();
        sync.Deliver(bundle);
        var config = await File.ReadAllTextAsync(sync.ServerConfigPath, TestContext.Current.CancellationToken);
        var blocker = Path.Combine(Path.GetDirectoryName(sync.Processed)!, "blocker");
        await File.WriteAllTextAsync(blocker, "not a folder", TestContext.Current.CancellationToken);
        var unusable = System.Text.Json.Nodes.JsonNode.Parse(config)!;
        unusable["processed"] = "blocker/processed";
        await File.WriteAllTextAsync(sync.ServerConfigPath, unusable.ToJsonString(), TestContext.Current.CancellationToken);

        var failed = await sync.ImportAsync();

        Assert.True(failed.ExitCode == 1, failed.ToString());
        TestReport.Line($"processed/ unavailable after the commit, exit {failed.ExitCode}:\n{failed.Error}");
        Assert.Equal([[1L]], sync.QueryCentral("SELECT COUNT(*) FROM syncfiles_ledger"));
        Assert.Equal(10L, sync.CentralCount("factures"));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));

        await File.WriteAllTextAsync(sync.ServerConfigPath, config, TestContext.Current.CancellationToken);
        var next = await sync.ImportAsync();

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains("duplicate   AG01-00000001.zip", next.Output, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Inbox));
        Assert.Equal(["AG01-00000001.duplicate.zip"], SyncFixture.Files(sync.Processed));
        Assert.Equal(Sha256(bundle), Sha256(Path.Combine(sync.Processed, "AG01-00000001.duplicate.zip")));
        Assert.Equal([[1L]], sync.QueryCentral("SELECT COUNT(*) FROM syncfiles_ledger"));
    }

    [Fact]
    public async Task A_state_file_that_cannot_be_saved_after_publishing_is_reported_as_such()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));

        // Nothing can be written at the state file's path (as on a disk that the bundle just filled).
        Directory.CreateDirectory(sync.StatePath);
        var result = await sync.ExportAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Outbox));
        Assert.DoesNotContain("nothing was published", result.Error, StringComparison.Ordinal);
        Assert.Contains("AG01-00000001.zip", result.Error, StringComparison.Ordinal);
    }

    private static void RewriteTarget(SyncFixture sync, string connectionString)
    {
        var config = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(sync.ServerConfigPath))!;
        var rewritten = config.ToDictionary(pair => pair.Key, pair => (object)pair.Value);
        rewritten["target"] = new { provider = "postgres", connectionString };
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(rewritten));
    }

    private static Dictionary<string, TableContents> PostgresState(PostgresTestDatabase target) => new()
    {
        ["factures"] = TableContents.Read(target, ShopData.CentralQuery("factures")),
        ["familles"] = TableContents.Read(target, ShopData.CentralQuery("familles")),
        ["syncfiles_ledger"] = TableContents.Read(target, "SELECT site_id, sequence, bundle_id, sha256 FROM syncfiles_ledger"),
    };

    /// <summary>Waits until the importer's connection is busy with a COPY, then terminates that backend from another connection.</summary>
    private static async Task<bool> TerminateDuringCopyAsync(PostgresTestDatabase target, string application, ProgramProcess import)
    {
        await using var admin = new NpgsqlConnection(target.ConnectionString);
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        while (!import.HasExited)
        {
            await using var find = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = @application AND state = 'active' AND query LIKE 'COPY %'", admin);
            find.Parameters.AddWithValue("application", application);
            if (await find.ExecuteScalarAsync(TestContext.Current.CancellationToken) is int pid)
            {
                await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
                terminate.Parameters.AddWithValue("pid", pid);
                await terminate.ExecuteScalarAsync(TestContext.Current.CancellationToken);
                return true;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
