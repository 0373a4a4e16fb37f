using System.Text.Json;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// A folder named in the configuration that does not exist: the importer's inbox, which it only
/// reads, is a configuration error (exit 2) for every command that reads it, since a misspelt inbox
/// would otherwise read as "nothing to do" while the bundles wait elsewhere; the folders the
/// programs write (outbox, archive, processed, quarantine) are created and the creation logged.
/// </summary>
public sealed class ConfiguredFolderTests
{
    [Theory]
    [InlineData("run")]
    [InlineData("status")]
    [InlineData("watch")]
    public async Task A_misspelt_inbox_is_a_configuration_error_naming_the_key_the_path_and_the_fix(string command)
    {
        using var sync = ShopSchemas.NewShop();
        sync.Deliver(await sync.ExportOkAsync());
        var config = MisspellInbox(sync);
        string[] args = command switch
        {
            "watch" => ["run", "--watch", "--poll-interval", "1s", "--config", config],
            _ => [command, "--config", config],
        };

        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(args, o, e));

        Assert.Equal(2, result.ExitCode);
        var missing = Path.Combine(Path.GetDirectoryName(config)!, "inbx");
        Assert.True(result.Error.Contains($"Configuration error: {config}: \"inbox\" is {missing}, which does not exist. Create it, or correct \"inbox\" in server.json.", StringComparison.Ordinal), result.ToString());
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to do", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing), "the misspelt inbox was created");
        Assert.False(Directory.Exists(sync.Processed), "processed/ was created although nothing can run");
        Assert.False(Directory.Exists(sync.Quarantine), "quarantine/ was created although nothing can run");
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));
        Assert.Equal(0L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_file_where_the_inbox_should_be_is_a_configuration_error()
    {
        using var sync = ShopSchemas.NewShop();
        Directory.Delete(sync.Inbox);
        File.WriteAllText(sync.Inbox, "not a folder");

        var result = await sync.ImportAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"\"inbox\" is {sync.Inbox}, which is a file, not a folder. Correct \"inbox\" in server.json, or move the file away.", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task Processed_and_quarantine_are_created_by_the_importer_and_logged()
    {
        using var sync = ShopSchemas.NewShop();
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.True(Directory.Exists(sync.Quarantine));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Processed));
        Assert.True(result.Error.Contains($"INF Created the folder {sync.Processed} (\"processed\" in server.json), which did not exist", StringComparison.Ordinal), result.ToString());
        Assert.True(result.Error.Contains($"INF Created the folder {sync.Quarantine} (\"quarantine\" in server.json), which did not exist", StringComparison.Ordinal), result.ToString());

        // Once there, nothing more is said.
        sync.Deliver(await sync.ExportOkAsync());
        var again = await sync.ImportAsync();
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("Created the folder", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_and_a_configured_archive_are_created_by_the_exporter_and_logged()
    {
        using var sync = ShopSchemas.NewShop();
        var archive = Path.Combine(sync.Root, "site", "kept", "bundles");
        sync.UpdateSiteConfig(c =>
        {
            c["tables"] = ShopSchemas.ShopSiteTables;
            c["archive"] = new { folder = "kept/bundles" };
        });

        var result = await sync.ExportAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Error.Contains($"INF Created the folder {sync.Outbox} (\"outbox\" in site.json), which did not exist", StringComparison.Ordinal), result.ToString());
        Assert.True(result.Error.Contains($"INF Created the folder {archive} (\"archive.folder\" in site.json), which did not exist", StringComparison.Ordinal), result.ToString());
        Assert.Single(SyncFixture.Files(sync.Outbox));
        Assert.True(Directory.Exists(archive));
    }

    [Fact]
    public async Task Init_at_head_office_makes_the_inbox_its_server_json_names()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var folder = Path.Combine(sync.Root, "new-office");
        var config = Path.Combine(folder, "server.json");

        var init = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--from-bundle", bundle, "--out", config], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(Directory.Exists(Path.Combine(folder, "inbox")));
        Assert.True(init.Output.Contains($"Created the inbox folder {Path.Combine(folder, "inbox")}", StringComparison.Ordinal), init.ToString());
    }

    /// <summary>Rewrites server.json with <c>"inbox": "inbx"</c> and returns its path.</summary>
    private static string MisspellInbox(SyncFixture sync)
    {
        var text = File.ReadAllText(sync.ServerConfigPath);
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        node["inbox"] = "inbx";
        File.WriteAllText(sync.ServerConfigPath, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return sync.ServerConfigPath;
    }
}
