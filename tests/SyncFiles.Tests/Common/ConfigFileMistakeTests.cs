using SyncFiles.Common;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// The mistakes people make editing site.json and server.json by hand, told through the real
/// command lines: file, line and column (from 1, one pair), what is wrong in plain words and what
/// would be right; exit code 2, no stack trace, no .NET wording, and nothing written.
/// </summary>
public sealed class ConfigFileMistakeTests
{
    // Line numbers in the expectations below count the lines of this text.
    private const string Site = """
        // Site configuration
        {
          "siteId": "AG01",
          "source": { "provider": "sqlite", "connectionString": "Data Source=shop.db" },
          "outbox": "outbox",
          "archive": { "keepDays": 10 },
          "tables": [
            { "name": "agences", "kind": "reference" },
            { "name": "factures", "kind": "transaction", "changeColumn": "modifie_le" }
          ]
        }
        """;

    private const string Server = """
        {
          "target": { "provider": "sqlite", "connectionString": "Data Source=central.db" },
          "inbox": "inbox",
          "limits": { "maxTables": 10 },
          "sites": [ { "id": "AG01" }, { "id": "AG02" } ],
          "tables": [ { "name": "agences" } ]
        }
        """;

    [Theory]
    [InlineData("\"source\": { \"provider\": \"sqlite\", \"connectionString\": \"Data Source=shop.db\" },", "\"source\": { \"provider\": \"sqlite\", \"connectionString\": \"Data Source=shop.db\" }",
        "line 5, column 3: a comma (,) is missing before this, at the end of line 4.")]
    [InlineData("\"outbox\": \"outbox\",", "\"outbx\": \"outbox\",",
        "line 5, column 3: \"outbx\" is not a known key; did you mean \"outbox\"?")]
    [InlineData("\"outbox\": \"outbox\",", "\"colour\": \"blue\",",
        "line 5, column 3: \"colour\" is not a known key here. The keys here are: \"siteId\", \"source\", \"outbox\"")]
    [InlineData("\"outbox\": \"outbox\",", "\"Outbox\": \"outbox\",",
        "line 5, column 3: \"Outbox\" is not a known key: keys are written exactly, with their capitals: \"outbox\".")]
    [InlineData("{ \"name\": \"factures\", \"kind\": \"transaction\",", "{ \"name\": \"factures\", \"knd\": \"transaction\",",
        "line 9, column 27, in tables[1]: \"knd\" is not a known key; did you mean \"kind\"?")]
    [InlineData("\"kind\": \"transaction\"", "\"kind\": \"transactoin\"",
        "line 9, column 35, in tables[1].kind: \"transactoin\" is not a value this setting takes; did you mean \"transaction\"? The values are: \"reference\", \"transaction\".")]
    [InlineData("\"outbox\": \"outbox\",", "\"outbox\": \"outbox\", \"compression\": \"gzip\",",
        "line 5, column 38, in compression: \"gzip\" is not a value this setting takes. The values are: \"deflate\", \"zstd\".")]
    [InlineData("{ \"keepDays\": 10 }", "{ \"keepDay\": 10 }",
        "line 6, column 16, in archive: \"keepDay\" is not a known key; did you mean \"keepDays\"?")]
    [InlineData("{ \"keepDays\": 10 }", "{ \"keepDays\": \"10\" }",
        "line 6, column 28, in archive.keepDays: this setting takes a whole number (without quotes), not the text \"10\".")]
    [InlineData("\"siteId\": \"AG01\",", "",
        "line 2, column 1: \"siteId\" is missing in the object that starts here.")]
    [InlineData("{ \"name\": \"agences\", \"kind\": \"reference\" },", "{ \"kind\": \"reference\" },",
        "line 8, column 5, in tables[0]: \"name\" is missing in the object that starts here.")]
    [InlineData("\"outbox\": \"outbox\",", "\"outbox\": \"C:\\shop\\outbox\",",
        "line 5, column 16: a backslash (\\) in text must be doubled; write a Windows path as \"C:\\\\shop\\\\outbox\" or \"C:/shop/outbox\".")]
    [InlineData("\"outbox\": \"outbox\",", "'outbox': 'outbox',",
        "line 5, column 3: text and keys go in double quotes (\"), not single quotes (').")]
    [InlineData("\"outbox\": \"outbox\",", "\"outbox\": outbox,",
        "line 5, column 13: a value must be text in double quotes, a number, true, false, null, { an object } or [ a list ]; outbox is none of these.")]
    [InlineData("\"outbox\": \"outbox\",", "\"outbox\" \"outbox\",",
        "line 5, column 12: a colon (:) is missing after the key \"outbox\".")]
    [InlineData("  ]\n}", "  ]\n",
        "line 11, column 1: the file ends before the { at line 2, column 1 is closed: a } is missing")]
    [InlineData("  ]\n}", "  }\n}",
        "line 10, column 3: this } does not match the [ at line 7, column 13, which needs a ] first.")]
    [InlineData("\"siteId\": \"AG01\",", "\"siteId\": null,",
        "line 3, column 13, in siteId: null is not allowed here: give text in double quotes.")]
    public async Task A_mistake_in_site_json_names_the_line_the_column_and_the_fix(string find, string replace, string message)
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");
        var text = Site.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(config, text.Replace(find, replace, StringComparison.Ordinal));

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"Configuration error: {config}: {message}", StringComparison.Ordinal), result.ToString());
        AssertPlain(result);
        Assert.Equal(["site.json"], Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{ \"id\": \"AG02\" }", "{ \"idd\": \"AG02\" }",
        "line 5, column 34, in sites[1]: \"idd\" is not a known key; did you mean \"id\"?")]
    [InlineData("{ \"maxTables\": 10 }", "{ \"maxTable\": 10 }",
        "line 4, column 15, in limits: \"maxTable\" is not a known key; did you mean \"maxTables\"?")]
    [InlineData("\"inbox\": \"inbox\",", "\"inbox\": \"inbox\", \"requireSignatures\": \"yes\",",
        "line 3, column 42, in requireSignatures: this setting takes true or false (without quotes), not the text \"yes\".")]
    [InlineData("\"inbox\": \"inbox\",", "\"inbox\": \"inbox\", \"inbox\": \"in\",",
        "line 3, column 21: \"inbox\" is given twice in the same object; keep one.")]
    [InlineData("{ \"name\": \"agences\" }", "{ \"name\": \"agences\", \"columns\": { \"a\": 1 } }",
        "line 6, column 54, in tables[0].columns.a: this setting takes text in double quotes, not the number 1.")]
    public async Task A_mistake_in_server_json_names_the_line_the_column_and_the_fix(string find, string replace, string message)
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("server.json");
        var text = Server.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(config, text.Replace(find, replace, StringComparison.Ordinal));
        Directory.CreateDirectory(directory.Combine("inbox"));

        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"Configuration error: {config}: {message}", StringComparison.Ordinal), result.ToString());
        AssertPlain(result);
        Assert.Equal(["inbox", "server.json"], Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t\r\n")]
    [InlineData("\uFEFF")]
    public async Task An_empty_file_is_called_empty(string content)
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");
        File.WriteAllText(config, content);

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["status", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"Configuration error: {config}: the file is empty: write the configuration in it", StringComparison.Ordinal), result.ToString());
        AssertPlain(result);
    }

    [Fact]
    public async Task A_file_with_only_comments_says_so()
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("server.json");
        File.WriteAllText(config, "// to do\n");

        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"{config}: the file holds only comments", StringComparison.Ordinal), result.ToString());
        AssertPlain(result);
    }

    [Fact]
    public async Task A_byte_order_mark_from_notepad_is_no_mistake_and_columns_count_letters()
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");

        // "é" is two bytes in UTF-8 but one column on screen.
        File.WriteAllText(config, "\uFEFF" + Site.Replace("\"outbox\": \"outbox\",", "\"outbox\": \"envoyé\", \"x\": 1,", StringComparison.Ordinal), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["status", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"{config}: line 5, column 23: \"x\" is not a known key here.", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task Windows_line_ends_count_the_same_lines_and_columns()
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");
        var text = Site.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllText(config, text.Replace("\"Data Source=shop.db\" },", "\"Data Source=shop.db\" }", StringComparison.Ordinal));

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"{config}: line 5, column 3: a comma (,) is missing before this, at the end of line 4.", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task A_folder_given_as_config_is_called_a_folder_and_its_json_files_listed()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.Combine("site.json"), Site);
        File.WriteAllText(directory.Combine("old-site.json"), Site);

        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", directory.Path], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(
            result.Error.Contains($"Configuration error: {directory.Path} is a folder; give the configuration file, e.g. --config {Path.Combine(directory.Path, "site.json")}. It holds: old-site.json, site.json.", StringComparison.Ordinal),
            result.ToString());
        AssertPlain(result);
    }

    [Fact]
    public async Task A_folder_without_json_given_to_the_importer_names_server_json()
    {
        using var directory = new TempDirectory();

        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", directory.Path], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Error.Contains($"{directory.Path} is a folder; give the configuration file, e.g. --config {Path.Combine(directory.Path, "server.json")}. It holds no .json file.", StringComparison.Ordinal), result.ToString());
        AssertPlain(result);
    }

    [Fact]
    public void The_same_mistakes_read_in_French()
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");
        File.WriteAllText(config, Site.Replace("\"outbox\": \"outbox\",", "\"outbx\": \"outbox\",", StringComparison.Ordinal));
        var folder = directory.Combine("empty");
        Directory.CreateDirectory(folder);

        var misspelt = Assert.Throws<ConfigurationException>(() => SiteSettings.Load(config));
        var folderGiven = Assert.Throws<ConfigurationException>(() => SiteSettings.Load(folder));

        Assert.Equal(
            $"{config} : ligne 5, colonne 3 : \"outbx\" n'est pas une clé connue ; vouliez-vous dire \"outbox\" ? (Les clés possibles ici sont : \"siteId\", \"source\", \"outbox\", \"stateFile\", \"compression\", \"compressionLevel\", \"overlap\", \"initialWindow\", \"logFile\", \"signingKey\", \"encryptTo\", \"archive\", \"receipts\", \"headOfficeKey\", \"ackWarnAfter\", \"tables\".)",
            misspelt.Text.In(UiLanguage.French));
        Assert.StartsWith($"{config}: line 5, column 3: \"outbx\" is not a known key; did you mean \"outbox\"?", misspelt.Message, StringComparison.Ordinal);
        Assert.Equal(
            $"{folder} est un dossier ; indiquez le fichier de configuration, par exemple --config {Path.Combine(folder, "site.json")}. Il ne contient aucun fichier .json.",
            folderGiven.Text.In(UiLanguage.French));
    }

    private static void AssertPlain(CliResult result)
    {
        var all = result.Output + result.Error;
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", all, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePosition", all, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinalBlock", all, StringComparison.Ordinal);
        Assert.DoesNotContain("SyncFiles.", all, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", all, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
