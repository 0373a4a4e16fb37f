using SyncFiles.Exporter.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>A failed export publishes nothing and leaves the state file as it was, so the next run covers the same range.</summary>
public sealed class ExportFailureTests
{
    [Fact]
    public async Task A_bad_value_refuses_the_export_with_exit_2_naming_table_row_and_column_and_leaves_no_bundle_and_the_state_unchanged()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        await sync.ExportOkAsync();
        var stateBefore = File.ReadAllBytes(sync.StatePath);
        var outboxBefore = SyncFixture.Files(sync.Outbox);
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000'), (3, 'F3', 'trente', NULL, '2026-11-02 10:00:00.000');");

        var result = await sync.ExportAsync();

        // A value no bundle can carry: the next run would fail the same way, so a person must fix it (exit 2).
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Table factures, row", result.Error, StringComparison.Ordinal);
        Assert.Contains("(id=3), column total_ttc: the value cannot be read as decimal", result.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was published and the state is unchanged", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(stateBefore, File.ReadAllBytes(sync.StatePath));
        Assert.Equal(outboxBefore, Directory.GetFiles(sync.Outbox).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList());

        // Fixed at the source, the next run picks up the same range and takes the next sequence.
        sync.ExecuteSource("UPDATE factures SET total_ttc = '30.00' WHERE id = 3");
        var next = await sync.ExportOkAsync();
        Assert.EndsWith("AG01-00000002.zip", next, StringComparison.Ordinal);
        Assert.Equal(3, TestManifests.Table(TestManifests.Read(next), "factures").GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task A_missing_source_database_is_a_clear_error_and_is_never_created()
    {
        using var sync = ShopSchemas.NewShop();
        File.Delete(sync.Source.AsSqlite().Path);

        var result = await sync.ExportAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The source database {sync.Source.AsSqlite().Path} does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.Source.AsSqlite().Path));
        Assert.False(File.Exists(sync.StatePath));
        Assert.Empty(SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public async Task A_table_missing_from_the_source_is_refused_with_exit_2_without_publishing()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("DROP TABLE familles");

        var result = await sync.ExportAsync();

        // A person must fix the configuration or the schema: the next run cannot cure it.
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Table familles does not exist in the source database", result.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));
        Assert.Empty(Directory.Exists(sync.Outbox) ? Directory.GetFiles(sync.Outbox, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task The_sequence_never_reuses_a_number_already_in_the_outbox()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        await sync.ExportOkAsync();
        var stateAfterFirst = File.ReadAllBytes(sync.StatePath);
        await sync.ExportOkAsync();
        // As if the machine lost power after bundle 2 was published but before the state was saved.
        File.WriteAllBytes(sync.StatePath, stateAfterFirst);

        var third = await sync.ExportOkAsync();

        Assert.EndsWith("AG01-00000003.zip", third, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "run" }, "Option '--config' is required")]
    [InlineData(new[] { "run", "--config", "x.json", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    public async Task Usage_errors_exit_with_2_and_say_what_is_wrong(string[] args, string message)
    {
        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(args, o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"siteId": "AG01", "source": {"provider": "sqlite", "connectionString": "Data Source=shop.db"}, "tables": [], "outbx": "x"}""", "outbx")]
    [InlineData("""{"siteId": "AG 01", "source": {"provider": "sqlite", "connectionString": "Data Source=shop.db"}, "tables": [{"name": "t", "kind": "reference"}]}""", "siteId 'AG 01' is not valid")]
    [InlineData("""{"siteId": "AG01", "source": {"provider": "oracle", "connectionString": "x"}, "tables": [{"name": "t", "kind": "reference"}]}""", "Unknown source provider 'oracle'")]
    [InlineData("""{"siteId": "AG01", "source": {"provider": "sqlite", "connectionString": "Data Source=shop.db"}, "tables": [{"name": "factures", "kind": "transaction"}]}""", "needs a changeColumn")]
    [InlineData("""{"siteId": "AG01", "source": {"provider": "sqlite", "connectionString": "Data Source=shop.db"}, "tables": [{"name": "x]; DROP TABLE y--", "kind": "reference"}]}""", "is not a valid identifier")]
    [InlineData("""{"siteId": "AG01", "source": {"provider": "sqlite", "connectionString": "Data Source=shop.db"}, "overlap": "five minutes", "tables": [{"name": "t", "kind": "reference"}]}""", "'five minutes' is not a duration")]
    public async Task Configuration_errors_exit_with_2_and_name_the_setting(string json, string message)
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");
        File.WriteAllText(config, json);

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory.Combine("outbox")));
    }
}
