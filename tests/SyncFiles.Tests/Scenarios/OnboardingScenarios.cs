using SyncFiles.Common.Bundle;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;
using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// Setting up a new site from nothing, on the sample shop and head-office databases: init writes
/// site.json from the shop's catalog, the export runs with it as written, init writes server.json
/// from that bundle and the central catalog, and the import applies the bundle. Written once; each
/// database runs it through a subclass.
/// </summary>
public abstract class OnboardingScenarios : IDisposable
{
    private static readonly string[] TransactionTables = ["factures", "lignes_facture", "mouvements_stock", "statistiques", "chiffre_affaires"];

    private readonly TempDirectory _directory = new();

    protected string Root => _directory.Path;

    protected abstract string Provider { get; }

    /// <summary>The sample shop of site AG01, filled by the generator; returns the database.</summary>
    protected abstract Task<TestDatabase> CreateShopAsync();

    /// <summary>The sample head-office database (central.sql), empty.</summary>
    protected abstract TestDatabase CreateCentral();

    [Fact]
    public async Task A_new_site_is_set_up_from_init_to_applied_bundle()
    {
        using var shop = await CreateShopAsync();
        using var central = CreateCentral();
        var siteConfig = Path.Combine(Root, "site", "site.json");
        var serverConfig = Path.Combine(Root, "central", "server.json");

        var init = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", Provider, "--connection", shop.ConnectionString, "--site", "AG01", "--out", siteConfig], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("12 tables (7 reference, 5 transaction)", init.Output, StringComparison.Ordinal);
        var site = SiteSettings.Load(siteConfig);
        Assert.Equal("AG01", site.Config.SiteId);
        Assert.Equal(SampleShops.Tables.Order(StringComparer.Ordinal), site.Config.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var table in site.Config.Tables)
        {
            Assert.Equal(["id"], table.Key);
            if (TransactionTables.Contains(table.Name))
            {
                Assert.Equal((TableKind.Transaction, "modifie_le", ChangeStrategy.Timestamp), (table.Kind, table.ChangeColumn, table.Strategy));
            }
            else
            {
                Assert.Equal((TableKind.Reference, null, null), (table.Kind, table.ChangeColumn, (ChangeStrategy?)table.Strategy));
            }
        }

        var text = File.ReadAllText(siteConfig);
        Assert.Contains("modifie_le (", text, StringComparison.Ordinal);
        Assert.Contains("An index starts with modifie_le", text, StringComparison.Ordinal);
        Assert.Contains("// \"signingKey\": \"keys/AG01.private.pem\",", text, StringComparison.Ordinal);
        Assert.Contains("syncfiles-export keygen --site AG01 --out keys", text, StringComparison.Ordinal);
        Assert.Contains("stored in clear", text, StringComparison.Ordinal);

        var export = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", siteConfig], o, e));
        Assert.True(export.ExitCode == 0, export.ToString());
        var bundle = export.Output.Trim();

        var serverInit = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(
            ["init", "--from-bundle", bundle, "--provider", Provider, "--connection", central.ConnectionString, "--out", serverConfig], o, e));

        Assert.True(serverInit.ExitCode == 0, serverInit.ToString());
        Assert.Contains("all present at head office", serverInit.Output, StringComparison.Ordinal);
        var server = ServerSettings.Load(serverConfig);
        Assert.Equal(["AG01"], server.Config.Sites.Select(s => s.Id));
        Assert.Null(server.Config.Sites[0].PublicKey);
        Assert.Equal(SampleShops.Tables.Order(StringComparer.Ordinal), server.Config.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(server.Config.Tables, t => Assert.Equal(t.Name == "agences" ? null : "agence", t.SiteColumn));
        var serverText = File.ReadAllText(serverConfig);
        Assert.Contains("// \"publicKey\": \"keys/AG01.public.pem\",", serverText, StringComparison.Ordinal);

        Directory.CreateDirectory(server.InboxDirectory);
        File.Copy(bundle, Path.Combine(server.InboxDirectory, Path.GetFileName(bundle)));
        var import = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", serverConfig], o, e));

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("applied", import.Output, StringComparison.Ordinal);
        foreach (var table in SampleShops.Tables)
        {
            Assert.True(shop.Count(table) > 0, $"the sample shop has no rows in {table}");
            Assert.Equal(shop.Count(table), central.Count(table));
        }
    }

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteOnboardingTests : OnboardingScenarios
{
    protected override string Provider => "sqlite";

    protected override async Task<TestDatabase> CreateShopAsync()
    {
        var shop = new SqliteTestDatabase();
        File.Delete(shop.Path);
        await SampleShops.GenerateSqliteAsync(shop.Path);
        return shop;
    }

    protected override TestDatabase CreateCentral()
    {
        var central = new SqliteTestDatabase();
        central.Execute(SampleShops.Script("sqlite", "central.sql"));
        return central;
    }
}

public sealed class PostgresOnboardingTests : OnboardingScenarios
{
    protected override string Provider => "postgres";

    protected override async Task<TestDatabase> CreateShopAsync()
    {
        var shop = new PostgresTestDatabase();
        shop.Execute(SampleShops.Script("postgres", "shop.sql"));
        var generated = Path.Combine(Root, "generated-shop.db");
        await SampleShops.GenerateSqliteAsync(generated);
        SampleShops.CopyToPostgres(generated, shop.ConnectionString);
        return shop;
    }

    protected override TestDatabase CreateCentral()
    {
        var central = new PostgresTestDatabase();
        central.Execute(SampleShops.Script("postgres", "central.sql"));
        return central;
    }
}
