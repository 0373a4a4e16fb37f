using SyncFiles.Common.Bundle;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary><c>syncfiles-export init</c> on shop databases that stray from the sample: what it suggests, what it leaves out, and what it refuses.</summary>
public sealed class SiteInitTests : IDisposable
{
    private const string OddShop = """
        CREATE TABLE familles (id INTEGER PRIMARY KEY, libelle VARCHAR(60) NOT NULL);
        CREATE TABLE journal_caisse (id INTEGER PRIMARY KEY, caisse_id INTEGER NOT NULL, montant DECIMAL(12,2) NOT NULL);
        CREATE TABLE import_brut (code TEXT, libelle TEXT);
        CREATE TABLE tarifs (code VARCHAR(20) NOT NULL UNIQUE, prix DECIMAL(12,2) NOT NULL, date_maj DATETIME NOT NULL);
        CREATE TABLE ventes_web (id INTEGER PRIMARY KEY, total DECIMAL(12,2) NOT NULL, updated_at DATETIME NOT NULL);
        CREATE TABLE bizarre (id INTEGER PRIMARY KEY, payload JSONB);
        CREATE TABLE "table avec espace" (id INTEGER PRIMARY KEY);
        INSERT INTO familles VALUES (1, 'Fruits');
        INSERT INTO journal_caisse VALUES (1, 1, '10.50'), (2, 1, '3.20');
        INSERT INTO tarifs VALUES ('A1', '1.99', '2026-11-01 10:00:00.000');
        INSERT INTO ventes_web VALUES (1, '25.00', '2026-11-02 09:30:00.000');
        """;

    private readonly TempDirectory _directory = new();
    private readonly SqliteTestDatabase _shop = new();

    public SiteInitTests() => _shop.Execute(OddShop);

    private string ConfigPath => _directory.Combine("site", "site.json");

    [Fact]
    public async Task Tables_without_a_usable_key_or_type_are_left_out_and_the_rest_exports()
    {
        var init = await InitAsync();

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("left out (commented, see why): bizarre, import_brut, table avec espace.", init.Output, StringComparison.Ordinal);
        var config = SiteSettings.Load(ConfigPath).Config;
        var tables = config.Tables.ToDictionary(t => t.Name);
        Assert.Equal(["familles", "tarifs", "journal_caisse", "ventes_web"], config.Tables.Select(t => t.Name));

        // No primary key but a unique index on NOT NULL columns: that is the key.
        Assert.Equal(["code"], tables["tarifs"].Key);
        Assert.Equal(TableKind.Reference, tables["tarifs"].Kind);

        // A movement table without a modification column: its auto-numbered key, with a warning.
        Assert.Equal((TableKind.Transaction, "id", ChangeStrategy.Sequence), (tables["journal_caisse"].Kind, tables["journal_caisse"].ChangeColumn, tables["journal_caisse"].Strategy));
        Assert.Equal((TableKind.Transaction, "updated_at", ChangeStrategy.Timestamp), (tables["ventes_web"].Kind, tables["ventes_web"].ChangeColumn, tables["ventes_web"].Strategy));

        var text = File.ReadAllText(ConfigPath);
        Assert.Contains("// NO PRIMARY KEY: choose a unique key or leave the table out.", text, StringComparison.Ordinal);
        Assert.Contains("// { \"name\": \"import_brut\", \"kind\": \"reference\" },", text, StringComparison.Ordinal);
        Assert.Contains("declared type 'JSONB' has no portable equivalent", text, StringComparison.Ordinal);
        Assert.Contains("CAUTION: sequence sees new rows only; an UPDATE of an existing row is never sent.", text, StringComparison.Ordinal);
        Assert.Contains("No index starts with updated_at: every incremental run scans the whole table.", text, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX \"ix_ventes_web_updated_at\" ON \"ventes_web\" (\"updated_at\");", text, StringComparison.Ordinal);
        Assert.Contains("\"changeColumn\": \"date_maj\", \"strategy\": \"timestamp\"", text, StringComparison.Ordinal);
        Assert.Contains("Data Source=../../", text, StringComparison.Ordinal);

        var export = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", ConfigPath], o, e));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(File.Exists(export.Output.Trim()));
    }

    [Fact]
    public async Task An_existing_file_is_left_byte_for_byte_without_force_and_replaced_with_it()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        byte[] mine = [.. "// my own site.json\n{ \"siteId\": \"AG07\" }\n"u8];
        File.WriteAllBytes(ConfigPath, mine);

        var refused = await InitAsync();

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already exists and was left as it is", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(mine, File.ReadAllBytes(ConfigPath));
        Assert.Equal([Path.GetFileName(ConfigPath)], Directory.GetFiles(Path.GetDirectoryName(ConfigPath)!).Select(Path.GetFileName));

        var forced = await InitAsync("--force");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("AG01", SiteSettings.Load(ConfigPath).Config.SiteId);
    }

    [Theory]
    [InlineData("oracle", "AG01", 2, "Unknown source provider 'oracle'")]
    [InlineData("sqlite", "AG-01", 2, "--site 'AG-01' is not valid")]
    public async Task Usage_errors_exit_with_2_and_write_nothing(string provider, string site, int code, string message)
    {
        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", provider, "--connection", _shop.ConnectionString, "--site", site, "--out", ConfigPath], o, e));

        Assert.Equal(code, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public async Task An_unreachable_database_exits_with_1_and_says_what_to_check()
    {
        var missing = _directory.Combine("no-such-shop.db");

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", "sqlite", "--connection", $"Data Source={missing}", "--site", "AG01", "--out", ConfigPath], o, e));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"The source database {missing} does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains("Check the connection string", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigPath));
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task A_database_of_keyless_tables_still_gets_its_file_with_a_warning()
    {
        using var keyless = new SqliteTestDatabase();
        keyless.Execute("CREATE TABLE import_brut (code TEXT, libelle TEXT);");

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", "sqlite", "--connection", keyless.ConnectionString, "--site", "AG01", "--out", ConfigPath], o, e));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Warning: none of the 1 tables can be exported as it is", result.Error, StringComparison.Ordinal);
        Assert.Contains("// { \"name\": \"import_brut\", \"kind\": \"reference\" },", File.ReadAllText(ConfigPath), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _shop.Dispose();
        _directory.Dispose();
    }

    private Task<CliResult> InitAsync(params string[] extra) => CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
        ["init", "--provider", "sqlite", "--connection", _shop.ConnectionString, "--site", "AG01", "--out", ConfigPath, .. extra], o, e));
}
