using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary><c>syncfiles-import init</c>: a server.json from a verified bundle, checked against head office when it can be.</summary>
public sealed class ServerInitTests
{
    [Fact]
    public async Task Without_a_connection_the_target_is_a_placeholder_and_the_file_loads()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await InitAsync(["--from-bundle", bundle, "--out", config]);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("central database not checked", init.Output, StringComparison.Ordinal);
        var server = ServerSettings.Load(config).Config;
        Assert.Equal(("CHANGE_ME", "CHANGE_ME"), (server.Target.Provider, server.Target.ConnectionString));
        Assert.Equal(["AG01"], server.Sites.Select(s => s.Id));
        Assert.Equal(["familles", "factures"], server.Tables.Select(t => t.Name));
        Assert.All(server.Tables, t => Assert.Equal("site_id", t.SiteColumn));
        var text = File.ReadAllText(config);
        Assert.Contains("Not checked (no --connection): the central table needs a column site_id and a primary key or unique index on (site_id, id).", text, StringComparison.Ordinal);
        Assert.Contains("// \"publicKey\": \"keys/AG01.public.pem\",", text, StringComparison.Ordinal);

        // No encryption key beside it: decryptionKeys is a commented line, with how to make the key.
        Assert.Contains("make head office's keys with 'syncfiles-import keygen --out keys',", text, StringComparison.Ordinal);
        Assert.Contains("// \"decryptionKeys\": [\"keys/headoffice-encryption.private.pem\"],", text, StringComparison.Ordinal);
        Assert.Null(server.DecryptionKeys);

        // The placeholder stops the first run with a message, before any bundle is touched.
        var run = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", config], o, e));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown target provider 'CHANGE_ME'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_head_office_lacks_is_named_in_the_comments()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        using var central = new SqliteTestDatabase();
        central.Execute("""
            CREATE TABLE factures (site VARCHAR(10) NOT NULL, id INTEGER NOT NULL, numero VARCHAR(20) NOT NULL, total_ttc DECIMAL(14,2) NOT NULL,
                modifie_le DATETIME NOT NULL, caisse INTEGER NOT NULL, PRIMARY KEY (site, id));
            """);
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await InitAsync(["--from-bundle", bundle, "--provider", "sqlite", "--connection", central.ConnectionString, "--out", config]);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("2 with something MISSING at head office", init.Output, StringComparison.Ordinal);
        var tables = ServerSettings.Load(config).Config.Tables.ToDictionary(t => t.Name);
        Assert.Equal("site", tables["factures"].SiteColumn);
        var text = File.ReadAllText(config);
        Assert.Contains("MISSING at head office: create table familles with the bundle's columns (id int64 NOT NULL, libelle string(60) NOT NULL),", text, StringComparison.Ordinal);
        Assert.Contains("MISSING at head office: column remarque string; add it to factures", text, StringComparison.Ordinal);
        Assert.Contains("Central column caisse is NOT NULL without a default and the bundle does not carry it", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_without_a_site_column_is_called_shared_by_every_site()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        using var central = new SqliteTestDatabase();
        central.Execute("""
            CREATE TABLE familles (id INTEGER NOT NULL PRIMARY KEY, libelle VARCHAR(60) NOT NULL);
            CREATE TABLE factures (site VARCHAR(10) NOT NULL, id INTEGER NOT NULL, numero VARCHAR(20) NOT NULL, total_ttc DECIMAL(14,2) NOT NULL,
                remarque TEXT, modifie_le DATETIME NOT NULL, PRIMARY KEY (site, id));
            """);
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await InitAsync(["--from-bundle", bundle, "--provider", "sqlite", "--connection", central.ConnectionString, "--out", config]);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Shared by every site (no siteColumn): familles. Any site may overwrite their rows; bundles deleting rows of them are quarantined.", init.Output, StringComparison.Ordinal);
        Assert.Contains("SHARED by every site: any site's bundle may insert or overwrite any row of familles", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Null(ServerSettings.Load(config).Config.Tables.Single(t => t.Name == "familles").SiteColumn);
    }

    [Fact]
    public async Task A_damaged_bundle_is_refused_and_nothing_is_written()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO familles VALUES (1, 'Fruits')");
        var bundle = await sync.ExportOkAsync();
        var damaged = Path.Combine(sync.Root, "damaged.zip");
        BundleSurgery.EditCsv(bundle, damaged, "familles", "Fruits", "Fraises", fixManifest: false);
        var config = Path.Combine(sync.Root, "server.json");

        var init = await InitAsync(["--from-bundle", damaged, "--out", config]);

        Assert.Equal(3, init.ExitCode);
        Assert.Contains("Invalid bundle:", init.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(config));
    }

    [Fact]
    public async Task An_existing_file_is_left_byte_for_byte_without_force()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var before = File.ReadAllBytes(sync.ServerConfigPath);

        var init = await InitAsync(["--from-bundle", bundle, "--out", sync.ServerConfigPath]);

        Assert.Equal(2, init.ExitCode);
        Assert.Contains("already exists and was left as it is", init.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(sync.ServerConfigPath));
    }

    [Fact]
    public async Task An_unreachable_central_database_exits_with_1()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");
        var missing = Path.Combine(sync.Root, "no-such-central.db");

        var init = await InitAsync(["--from-bundle", bundle, "--provider", "sqlite", "--connection", $"Data Source={missing}", "--out", config]);

        Assert.Equal(1, init.ExitCode);
        Assert.Contains($"The target database {missing} does not exist", init.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(config));
    }

    private static Task<CliResult> InitAsync(string[] arguments) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", .. arguments], o, e));
}
