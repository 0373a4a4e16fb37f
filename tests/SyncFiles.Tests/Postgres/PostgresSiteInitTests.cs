using Npgsql;
using SyncFiles.Common.Bundle;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary><c>syncfiles-export init --schema</c> on PostgreSQL: the schema listed is the one the export reads.</summary>
public sealed class PostgresSiteInitTests
{
    [Fact]
    public async Task A_schema_off_the_search_path_is_written_into_the_connection_string_and_the_export_finds_it()
    {
        using var shop = new PostgresTestDatabase();
        shop.Execute("""
            CREATE TABLE ventes (id bigserial PRIMARY KEY, total numeric(12,2) NOT NULL, date_modif timestamp(3) NOT NULL);
            CREATE TABLE sans_cle (code text, libelle text);
            INSERT INTO ventes (total, date_modif) VALUES (12.50, '2026-11-01 10:00:00'), (3.20, '2026-11-01 11:00:00');
            """);
        var schema = new NpgsqlConnectionStringBuilder(shop.ConnectionString).SearchPath!;
        var withoutSchema = new NpgsqlConnectionStringBuilder(shop.ConnectionString) { SearchPath = null }.ConnectionString;
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");

        var init = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", "postgres", "--connection", withoutSchema, "--schema", schema, "--site", "AG01", "--out", config], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("left out (commented, see why): sans_cle.", init.Output, StringComparison.Ordinal);
        var site = SiteSettings.Load(config).Config;
        Assert.Equal(schema, new NpgsqlConnectionStringBuilder(site.Source.ConnectionString).SearchPath);
        var ventes = Assert.Single(site.Tables);
        Assert.Equal(("ventes", TableKind.Transaction, "date_modif", ChangeStrategy.Timestamp), (ventes.Name, ventes.Kind, ventes.ChangeColumn, ventes.Strategy));
        Assert.Contains("No index starts with date_modif", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Contains($"Search Path={schema} was added", File.ReadAllText(config), StringComparison.Ordinal);

        var export = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", config], o, e));
        Assert.True(export.ExitCode == 0, export.ToString());
    }
}
