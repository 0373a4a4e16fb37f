using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

public sealed class ImporterCliTests
{
    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "run" }, "Option '--config' is required")]
    [InlineData(new[] { "verify" }, "Required argument 'bundle' missing for command: 'verify'")]
    [InlineData(new[] { "verify", "no-such-bundle.zip" }, "Bundle no-such-bundle.zip does not exist")]
    public async Task Usage_errors_exit_with_2_and_say_what_is_wrong(string[] args, string message)
    {
        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(args, o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [], "inbx": "x"}""", "inbx")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [{"id": "AG-01"}], "tables": []}""", "site id 'AG-01' is not valid")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [{"id": "AG01"}, {"id": "ag01"}], "tables": []}""", "sites AG01 and ag01 differ only by case")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [{"id": "AG01"}, {"id": "AG01"}], "tables": []}""", "site AG01 is listed twice")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "syncfiles_ledger"}]}""", "is the importer's own ledger")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "SyncFiles_Table_State"}]}""", "syncfiles_table_state is the importer's own record")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [], "skipUnchangedReferenceTables": "no"}""", "skipUnchangedReferenceTables")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "t", "siteColumn": "a b"}]}""", "siteColumn 'a b' is not a valid identifier")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "t", "into": "a-b"}]}""", "table t: into 'a-b' is not a valid identifier")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "t", "into": "syncfiles_ledger"}]}""", "one of the importer's own tables")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "a", "into": "c"}, {"name": "b", "into": "C"}]}""", "tables a and b are all merged into central table c")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "t", "columns": {"A": "x", "B": "X"}}]}""", "table t: columns: bundle columns A and B are both mapped onto central column X")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "t", "columns": {"A": "x y"}}]}""", "central column 'x y' (for bundle column A) is not a valid identifier")]
    [InlineData("""{"target": {"provider": "sqlite", "connectionString": "Data Source=c.db"}, "sites": [], "tables": [{"name": "t", "siteColumn": "site_id", "columns": {"Shop": "site_id"}}]}""", "bundle column Shop is mapped onto site_id, the siteColumn")]
    public async Task Configuration_errors_exit_with_2_and_name_the_setting(string json, string message)
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("server.json");
        File.WriteAllText(config, json);

        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_inbox_is_nothing_to_do()
    {
        using var sync = ShopSchemas.NewShop();

        var result = await sync.ImportAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is empty; nothing to do", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_central_database_fails_and_leaves_the_bundle_in_the_inbox()
    {
        using var sync = ShopSchemas.NewShop();
        sync.Deliver(await sync.ExportOkAsync());
        File.Delete(sync.Target.AsSqlite().Path);

        var result = await sync.ImportAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The target database {sync.Target.AsSqlite().Path} does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.Target.AsSqlite().Path));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));
    }

    [Fact]
    public async Task Configured_limits_refuse_a_bundle_larger_than_head_office_accepts()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        File.WriteAllText(sync.ServerConfigPath, System.Text.Json.JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            limits = new { maxTotalBytes = 50 },
            settleTime = "0s",
            sites = new[] { new { id = "AG01" } },
            tables = ShopSchemas.ShopServerTables,
        }));

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("more than 50 bytes in all", File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt")), StringComparison.Ordinal);
        Assert.Equal(0L, sync.CentralCount("factures"));
    }
}
