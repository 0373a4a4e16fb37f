using System.CommandLine;
using Microsoft.Data.Sqlite;
using SyncFiles.Exporter.Cli;
using SyncFiles.Importer.Cli;

namespace SyncFiles.Samples;

/// <summary>
/// <c>quickstart</c>: the whole round trip a newcomer wants to see, in one folder: a sample shop,
/// a head office, a full export and import, a day of activity, an incremental export and import,
/// and what moved. It runs the real syncfiles-export and syncfiles-import command lines. With
/// <c>--encrypt</c> head office makes its keys first and the site encrypts every bundle for it, as
/// docs/security.md ("Turning it on") describes.
/// </summary>
internal static class QuickstartCommand
{
    private const string Marker = ".syncfiles-quickstart";

    public static Command Create()
    {
        var directory = new Option<string>("--dir") { Description = "Folder to work in (replaced if an earlier quickstart made it)", DefaultValueFactory = _ => "quickstart" };
        var invoices = CommandOptions.Count("--invoices", "Number of invoices in the sample shop", 10_000, minimum: 1);
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the bundles for head office (keygen, \"encryptTo\" at the site, \"decryptionKeys\" at head office)" };
        var command = new Command("quickstart", "Generate a shop, export it, import it at head office, change some rows, and sync again.")
        {
            directory, invoices, encrypt,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            "quickstart",
            output => RunAsync(Path.GetFullPath(parseResult.GetRequiredValue(directory)), parseResult.GetValue(invoices), parseResult.GetValue(encrypt), output, parseResult.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    private static async Task RunAsync(string root, int invoices, bool encrypt, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Prepare(root);
        var site = Path.Combine(root, "site");
        var central = Path.Combine(root, "central");
        var siteConfig = Path.Combine(site, "site.json");
        var serverConfig = Path.Combine(central, "server.json");
        await File.WriteAllTextAsync(siteConfig, await ShopSchema.ReadScriptAsync("site.json", cancellationToken), cancellationToken);
        await File.WriteAllTextAsync(serverConfig, await ShopSchema.ReadScriptAsync("server.json", cancellationToken), cancellationToken);

        await output.WriteLineAsync($"1. A shop (site AG01) with {invoices} invoices: {Path.Combine(site, "shop.db")}");
        await using (var shop = await ShopDatabaseFile.CreateNewAsync(Path.Combine(site, "shop.db"), force: false, cancellationToken))
        {
            await new ShopDataGenerator(new ShopGenerationOptions("AG01", invoices, 42, new DateOnly(2025, 1, 1))).GenerateAsync(shop, cancellationToken);
        }

        await output.WriteLineAsync($"2. An empty head-office database: {Path.Combine(central, "central.db")}");
        await CreateCentralAsync(Path.Combine(central, "central.db"), cancellationToken);
        if (encrypt)
        {
            await EncryptForHeadOfficeAsync(site, central, output, error, cancellationToken);
        }

        await output.WriteLineAsync("3. First sync (full):");
        await SyncAsync(siteConfig, serverConfig, Path.Combine(central, "inbox"), output, error, cancellationToken);

        await output.WriteLineAsync("4. A day at the shop: 100 invoices corrected, 50 new ones, one price changed.");
        await using (var shop = await ShopDatabaseFile.OpenExistingAsync(Path.Combine(site, "shop.db"), cancellationToken))
        {
            await new ShopActivitySimulator(new ShopActivityOptions(100, 50, 7, CommandOptions.UtcNowToTheMillisecond())).SimulateAsync(shop, cancellationToken);
        }

        await output.WriteLineAsync("5. Second sync (incremental):");
        await SyncAsync(siteConfig, serverConfig, Path.Combine(central, "inbox"), output, error, cancellationToken);

        await output.WriteLineAsync("6. Where things are:");
        await output.WriteLineAsync($"   bundles sent:       {Path.Combine(site, "outbox")}");
        await output.WriteLineAsync($"   bundles applied:    {Path.Combine(central, "processed")}");
        await output.WriteLineAsync($"   site state:         {Path.Combine(site, ".sync_state.json")}");
        var hint = StatusCommandHint.For(siteConfig, Environment.CurrentDirectory, AppContext.BaseDirectory);
        await output.WriteLineAsync($"   try it (from {hint.Folder}):");
        await output.WriteLineAsync($"   {hint.Command}");
    }

    /// <summary>
    /// Head office's keys (<c>syncfiles-import keygen --out keys</c>), its private encryption key in
    /// server.json's <c>"decryptionKeys"</c>, and its public one beside site.json as <c>"encryptTo"</c>.
    /// </summary>
    private static async Task EncryptForHeadOfficeAsync(string site, string central, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var keys = Path.Combine(central, "keys");
        using var made = new StringWriter();
        var code = await ImporterCli.RunAsync(["keygen", "--out", keys], made, error, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"syncfiles-import keygen failed with exit code {code}.");
        }

        const string publicKey = KeygenCommand.EncryptionKeyName + ".public.pem";
        File.Copy(Path.Combine(keys, publicKey), Path.Combine(site, publicKey));
        await AddSettingAsync(Path.Combine(site, "site.json"), "\"outbox\": \"outbox\",", $"\"encryptTo\": \"{publicKey}\",", cancellationToken);
        await AddSettingAsync(Path.Combine(central, "server.json"), "\"quarantine\": \"quarantine\",", $"\"decryptionKeys\": [\"keys/{KeygenCommand.EncryptionKeyName}.private.pem\"],", cancellationToken);
        await output.WriteLineAsync($"   Encrypted for head office: keys in {keys}; the site encrypts for {Path.Combine(site, publicKey)}");
    }

    /// <summary>Adds a line after <paramref name="after"/> in a sample configuration (JSON with comments, so edited as text).</summary>
    private static async Task AddSettingAsync(string path, string after, string line, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var at = text.IndexOf(after, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"The sample {Path.GetFileName(path)} has no line {after}.");
        }

        var end = at + after.Length;
        var indent = text[(text.LastIndexOf('\n', at) + 1)..at];
        await File.WriteAllTextAsync(path, text[..end] + Environment.NewLine + indent + line + text[end..], cancellationToken);
    }

    private static async Task SyncAsync(string siteConfig, string serverConfig, string inbox, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var exported = new StringWriter();
        var exportCode = await ExporterCli.RunAsync(["run", "--config", siteConfig, "--quiet"], exported, error, cancellationToken);
        if (exportCode != 0)
        {
            throw new InvalidOperationException($"syncfiles-export failed with exit code {exportCode}.");
        }

        var bundle = exported.ToString().Trim();
        var size = new FileInfo(bundle).Length;
        await output.WriteLineAsync($"   syncfiles-export run  -> {Path.GetFileName(bundle)} ({size / 1024.0:F0} KiB)");
        Directory.CreateDirectory(inbox);
        File.Copy(bundle, Path.Combine(inbox, Path.GetFileName(bundle)));
        await output.WriteAsync("   syncfiles-import run  -> ");
        var importCode = await ImporterCli.RunAsync(["run", "--config", serverConfig, "--quiet"], output, error, cancellationToken);
        if (importCode != 0)
        {
            throw new InvalidOperationException($"syncfiles-import failed with exit code {importCode}.");
        }
    }

    private static async Task CreateCentralAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = await ShopSchema.ReadScriptAsync(ShopSchema.CentralScript, cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Prepare(string root)
    {
        if (Directory.Exists(root))
        {
            if (!File.Exists(Path.Combine(root, Marker)))
            {
                throw new UsageException($"{root} exists and was not made by the quickstart; choose another --dir.");
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(root, "site"));
        Directory.CreateDirectory(Path.Combine(root, "central"));
        File.WriteAllText(Path.Combine(root, Marker), "Made by syncfiles-samples quickstart; deleted and made again by the next one.\n");
    }
}
