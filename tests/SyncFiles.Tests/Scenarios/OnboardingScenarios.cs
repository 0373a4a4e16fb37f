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

    /// <summary>The sample shop of <paramref name="site"/>, filled by the generator; returns the database.</summary>
    protected abstract Task<TestDatabase> CreateShopAsync(string site = "AG01");

    /// <summary>The sample head-office database (central.sql), empty.</summary>
    protected abstract TestDatabase CreateCentral();

    /// <summary>A database with no table at all: the head office <c>init --create-tables</c> starts from.</summary>
    protected abstract TestDatabase CreateEmptyDatabase();

    /// <summary>What the database's own client (sqlite3, psql -At) prints for <paramref name="sql"/>.</summary>
    protected abstract string Client(TestDatabase database, string sql);

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

    [Fact]
    public async Task A_head_office_made_by_init_takes_a_site_a_day_of_changes_and_a_second_site()
    {
        using var shop = await CreateShopAsync("AG01");
        using var central = CreateEmptyDatabase();
        var serverConfig = Path.Combine(Root, "central", "server.json");

        var bundle = await ExportAsync(shop, "AG01");
        var serverInit = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(
            ["init", "--from-bundle", bundle, "--provider", Provider, "--connection", central.ConnectionString, "--out", serverConfig, "--create-tables"], o, e));

        Assert.True(serverInit.ExitCode == 0, serverInit.ToString());
        Assert.Contains("Created 12 central tables in one transaction", serverInit.Output, StringComparison.Ordinal);
        await ImportAsync(serverConfig, bundle);
        AssertSameRows(shop, central, "AG01");

        // A day at the shop: a reference row and an invoice change, an invoice line is added.
        var now = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        shop.Execute($"""
            UPDATE articles SET libelle = 'Pommes Golden (bio)', prix_vente = 3.45 WHERE id = 1;
            UPDATE factures SET total_ttc = total_ttc + 1, remarque = 'corrigée le soir', modifie_le = '{now}' WHERE id = 1;
            INSERT INTO lignes_facture (id, facture_id, article_id, quantite, prix_unitaire, remise_pct, montant_ttc, modifie_le)
                SELECT 900001, facture_id, article_id, 1.5, prix_unitaire, 0, ROUND(prix_unitaire * 1.5, 2), '{now}' FROM lignes_facture WHERE id = 1;
            """);
        var changes = await ExportAsync(shop, "AG01");
        await ImportAsync(serverConfig, changes);
        AssertSameRows(shop, central, "AG01");
        Assert.Equal("corrigée le soir", Client(central, "SELECT remarque FROM factures WHERE site_id = 'AG01' AND id = 1"));

        // A second shop joins: its site is added to server.json, its rows land beside the first's.
        using var second = await CreateShopAsync("AG02");
        var joining = await ExportAsync(second, "AG02");
        File.WriteAllText(serverConfig, File.ReadAllText(serverConfig).Replace("\"id\": \"AG01\"", "\"id\": \"AG01\" }, { \"id\": \"AG02\"", StringComparison.Ordinal));
        await ImportAsync(serverConfig, joining);
        AssertSameRows(second, central, "AG02");
        AssertSameRows(shop, central, "AG01");
    }

    private async Task<string> ExportAsync(TestDatabase shop, string site)
    {
        var siteConfig = Path.Combine(Root, site, "site.json");
        if (!File.Exists(siteConfig))
        {
            var init = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
                ["init", "--provider", Provider, "--connection", shop.ConnectionString, "--site", site, "--out", siteConfig], o, e));
            Assert.True(init.ExitCode == 0, init.ToString());
        }

        var export = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", siteConfig], o, e));
        Assert.True(export.ExitCode == 0, export.ToString());
        return export.Output.Trim();
    }

    private static async Task ImportAsync(string serverConfig, string bundle)
    {
        var inbox = Path.Combine(Path.GetDirectoryName(serverConfig)!, "inbox");
        Directory.CreateDirectory(inbox);
        File.Copy(bundle, Path.Combine(inbox, Path.GetFileName(bundle)));
        var import = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", serverConfig], o, e));
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.StartsWith("applied", import.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every table of the shop, as its database's client prints it, is the site's rows at head
    /// office as the central database's client prints them (the site column aside).
    /// </summary>
    private void AssertSameRows(TestDatabase shop, TestDatabase central, string site)
    {
        foreach (var table in SampleShops.Tables)
        {
            var columns = Client(shop, ColumnsSql(table));
            var atShop = Client(shop, $"SELECT {columns} FROM {table} ORDER BY id");
            var atHeadOffice = Client(central, $"SELECT {columns} FROM {table} WHERE site_id = '{site}' ORDER BY id");
            Assert.False(string.IsNullOrEmpty(atShop), $"the sample shop has no rows in {table}");
            Assert.Equal(SameText(atShop), SameText(atHeadOffice));
        }
    }

    /// <summary>The query that lists a table's columns, comma-separated, in the client's output.</summary>
    protected abstract string ColumnsSql(string table);

    /// <summary>How the client's text is compared: as printed, unless the engine keeps one value in several texts.</summary>
    protected virtual string SameText(string printed) => printed;

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteOnboardingTests : OnboardingScenarios
{
    protected override string Provider => "sqlite";

    protected override async Task<TestDatabase> CreateShopAsync(string site = "AG01")
    {
        var shop = new SqliteTestDatabase();
        File.Delete(shop.Path);
        await SampleShops.GenerateSqliteAsync(shop.Path, site);
        return shop;
    }

    protected override TestDatabase CreateEmptyDatabase() => new SqliteTestDatabase();

    protected override string Client(TestDatabase database, string sql) => DatabaseClients.Sqlite3(((SqliteTestDatabase)database).Path, sql);

    protected override string ColumnsSql(string table) => $"SELECT group_concat(name, ', ') FROM pragma_table_info('{table}')";

    /// <summary>
    /// SQLite keeps a date-time as text, and the importer writes it in one form, with no zeros
    /// ending the fraction: the shop's <c>09:00:00.000</c> is <c>09:00:00</c> at head office, the
    /// same instant, sorting the same way.
    /// </summary>
    protected override string SameText(string printed) =>
        System.Text.RegularExpressions.Regex.Replace(printed, @"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.\d*?)0+(?=\||$)", m => m.Groups[1].Value + m.Groups[2].Value.TrimEnd('.'), System.Text.RegularExpressions.RegexOptions.Multiline);

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

    protected override async Task<TestDatabase> CreateShopAsync(string site = "AG01")
    {
        var shop = new PostgresTestDatabase();
        shop.Execute(SampleShops.Script("postgres", "shop.sql"));
        var generated = Path.Combine(Root, $"generated-shop-{site}.db");
        await SampleShops.GenerateSqliteAsync(generated, site);
        SampleShops.CopyToPostgres(generated, shop.ConnectionString);
        return shop;
    }

    protected override TestDatabase CreateEmptyDatabase() => new PostgresTestDatabase();

    protected override string Client(TestDatabase database, string sql) => DatabaseClients.Psql(database, sql);

    protected override string ColumnsSql(string table) =>
        $"SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'";

    protected override TestDatabase CreateCentral()
    {
        var central = new PostgresTestDatabase();
        central.Execute(SampleShops.Script("postgres", "central.sql"));
        return central;
    }
}
