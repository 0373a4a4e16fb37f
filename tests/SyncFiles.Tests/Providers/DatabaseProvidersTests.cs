using SyncFiles.Common;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Export;
using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Providers;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Providers;

/// <summary>The one registry of databases: what both programs look a configured provider up in, and list in their help.</summary>
public sealed class DatabaseProvidersTests
{
    [Fact]
    public void Every_provider_is_found_by_its_name_in_any_case_and_its_sides_answer_to_that_name()
    {
        Assert.Equal(DatabaseProviders.All.Count, DatabaseProviders.All.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var provider in DatabaseProviders.All)
        {
            Assert.Same(provider, DatabaseProviders.Find(provider.Name.ToUpperInvariant()));
            foreach (var alias in provider.Aliases)
            {
                Assert.Same(provider, DatabaseProviders.Find(alias.ToUpperInvariant()));
            }

            // The manifest records the source's name, and head office compares it with its own: one name per database.
            Assert.Equal(provider.Name, provider.Source.Name);
            Assert.Equal(provider.Name, provider.Catalog.Name);
            Assert.Equal(provider.Name, provider.Target.Name);
            Assert.Same(provider.Source, SourceProviders.Get(provider.Name));
            Assert.Same(provider.Target, TargetProviders.Get(provider.Name));
        }
    }

    [Fact]
    public void The_names_listed_are_the_providers_own_names()
    {
        Assert.Equal(string.Join(", ", DatabaseProviders.All.Select(p => p.Name)), DatabaseProviders.Names);
        Assert.Same(DatabaseProviders.Find("mysql"), DatabaseProviders.Find("MariaDB"));
    }

    [Fact]
    public void A_name_no_provider_has_is_a_configuration_error_that_lists_the_ones_there_are()
    {
        var source = Assert.Throws<ConfigurationException>(() => SourceProviders.Get("oracle"));
        var target = Assert.Throws<ConfigurationException>(() => TargetProviders.Get("oracle"));

        Assert.Equal("Unknown source provider 'oracle'; this build supports: sqlite, postgres, sqlserver, mysql.", source.Message);
        Assert.Equal("Unknown target provider 'oracle'; this build supports: sqlite, postgres, sqlserver, mysql.", target.Message);
    }

    [Fact]
    public async Task Both_init_help_texts_list_every_registered_provider()
    {
        var export = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["init", "--help"], o, e));
        var import = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--help"], o, e));

        Assert.Equal((0, 0), (export.ExitCode, import.ExitCode));
        Assert.Contains("The shop database: sqlite, postgres, sqlserver, mysql.", export.Output, StringComparison.Ordinal);
        Assert.Contains("sqlite, postgres, sqlserver, mysql: the central database", import.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_json_drafted_without_a_provider_shows_one_example_per_provider()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--from-bundle", bundle, "--out", config], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        var text = File.ReadAllText(config);
        Assert.Contains("//   { \"provider\": \"sqlite\", \"connectionString\": \"Data Source=central.db\" }", text, StringComparison.Ordinal);
        Assert.Contains("//   { \"provider\": \"postgres\", \"connectionString\": \"Host=hq;Database=central;Username=syncfiles_writer\" }", text, StringComparison.Ordinal);
        Assert.Contains("//   { \"provider\": \"sqlserver\", \"connectionString\": \"Server=hq;Database=central;Integrated Security=true;TrustServerCertificate=true\" }", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_head_office_given_relative_to_the_working_folder_is_stored_relative_to_the_configuration()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "conf", "server.json");
        var central = Path.GetRelativePath(Directory.GetCurrentDirectory(), sync.Target.AsSqlite().Path);

        var init = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--from-bundle", bundle, "--out", config, "--provider", "SQLite", "--connection", $"Data Source={central}"], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        var stored = ServerSettings.Load(config).Config.Target;
        Assert.Equal("sqlite", stored.Provider);
        Assert.Equal("Data Source=" + Path.GetRelativePath(Path.GetDirectoryName(config)!, sync.Target.AsSqlite().Path).Replace('\\', '/'), stored.ConnectionString);
    }
}
