using System.Text.Json.Nodes;
using SyncFiles.Exporter.Cli;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// Every file the programs create is owner-only on Linux (0600, folders 0700), whatever the umask
/// lets through: bundles, archive, state, filed bundles, <c>.error.txt</c>, logs, status page, configs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;

    [Fact]
    public async Task Export_import_and_status_leave_every_file_they_create_readable_by_their_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows files inherit the folder's ACL; there is no mode to check.");
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(c =>
        {
            c["tables"] = ShopSchemas.ShopSiteTables;
            c["logFile"] = "logs/export.log";
        });
        ServerConfigEdit.Apply(sync, c => c["logFile"] = "logs/import.log");
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");

        var bundle = await sync.ExportOkAsync();
        var delivered = sync.Deliver(bundle);
        File.SetUnixFileMode(delivered, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead); // as a courier's copy often is
        File.WriteAllText(Path.Combine(sync.Inbox, "AG01-00000009.zip"), "not a zip at all");
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 3, import.ToString());
        var html = Path.Combine(sync.Root, "central", "status.html");
        var status = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", sync.ServerConfigPath, "--html", html], o, e));
        Assert.True(status.ExitCode == 0, status.ToString());

        var site = Path.Combine(sync.Root, "site");
        var central = Path.Combine(sync.Root, "central");
        Private(sync.Outbox, [Path.GetFileName(bundle)]);
        Private(Path.Combine(sync.Outbox, "archive"), [Path.GetFileName(bundle)]);
        Private(Path.Combine(site, "logs"), ["export"]);
        PrivateFile(sync.StatePath);
        Private(sync.Processed, [Path.GetFileName(bundle)]);
        Private(sync.Quarantine, ["AG01-00000009.zip", "AG01-00000009.zip.error.txt"]);
        Private(Path.Combine(central, "logs"), ["import"]);
        PrivateFile(html);
    }

    [Fact]
    public async Task Init_writes_configs_readable_by_their_owner_only_in_a_folder_it_creates_owner_only()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows files inherit the folder's ACL; there is no mode to check.");
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        var server = Path.Combine(sync.Root, "hq", "server.json");
        var site = Path.Combine(sync.Root, "shop", "site.json");

        var serverInit = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--from-bundle", bundle, "--out", server], o, e));
        var siteInit = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", "sqlite", "--connection", $"Data Source={sync.Source.AsSqlite().Path}", "--site", "AG02", "--out", site], o, e));

        Assert.True(serverInit.ExitCode == 0, serverInit.ToString());
        Assert.True(siteInit.ExitCode == 0, siteInit.ToString());
        PrivateFolder(Path.GetDirectoryName(server)!);
        PrivateFile(server);
        PrivateFolder(Path.GetDirectoryName(site)!);
        PrivateFile(site);
    }

    /// <summary>The folder is 0700 and holds files whose names start with each of <paramref name="expected"/>, every one 0600.</summary>
    private static void Private(string folder, string[] expected)
    {
        PrivateFolder(folder);
        var files = Directory.GetFiles(folder);
        foreach (var prefix in expected)
        {
            Assert.Contains(files, f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.All(files, PrivateFile);
    }

    private static void PrivateFolder(string folder) =>
        Assert.True(File.GetUnixFileMode(folder) == OwnerFolder, $"{folder} is {File.GetUnixFileMode(folder)}, not owner-only");

    private static void PrivateFile(string file) =>
        Assert.True(File.GetUnixFileMode(file) == OwnerFile, $"{file} is {File.GetUnixFileMode(file)}, not owner-only");
}

/// <summary>Adds or replaces keys of the fixture's server.json.</summary>
internal static class ServerConfigEdit
{
    public static void Apply(SyncFixture sync, Action<JsonObject> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(sync.ServerConfigPath))!.AsObject();
        change(config);
        File.WriteAllText(sync.ServerConfigPath, config.ToJsonString());
    }
}
