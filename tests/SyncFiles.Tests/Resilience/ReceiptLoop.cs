using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// One shop and its head office closed into a loop: bundles go from the site's outbox to head
/// office's inbox, and head office's receipt goes back to the site's receipts folder, each only
/// when the test's courier carries it (so it can lose, duplicate, delay or damage either). Both
/// key pairs are real files made by the programs' own <c>keygen</c>.
/// </summary>
public sealed class ReceiptLoop : IDisposable
{
    private readonly TempDirectory _keys = new();
    private int _nextInvoice = 1;
    private int _round;

    /// <param name="signed">Bundles signed by the site and receipts signed by head office (both checked), or neither.</param>
    /// <param name="sourceSchema">The shop's schema (default <see cref="ShopSchemas.ShopSource"/>).</param>
    public ReceiptLoop(bool signed, int? keepDays = 0, string? sourceSchema = null)
    {
        Sync = SyncFixture.OnSqlite(sourceSchema ?? ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        Signed = signed;
        string? siteKey = null;
        string? headOfficeKey = null;
        if (signed)
        {
            Expect(CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["keygen", "--site", Sync.SiteId, "--out", _keys.Path], o, e)).GetAwaiter().GetResult(), "site keygen");
            Expect(CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["keygen", "--out", _keys.Path], o, e)).GetAwaiter().GetResult(), "head office keygen");
            siteKey = _keys.Combine($"{Sync.SiteId}.private.pem");
            headOfficeKey = _keys.Combine("headoffice.public.pem");
        }

        Sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["archive"] = new { keepDays, keepBundles = (int?)null };
            config["receipts"] = "receipts";
            if (signed)
            {
                config["signingKey"] = siteKey;
                config["headOfficeKey"] = headOfficeKey;
            }
        });

        var server = JsonNode.Parse(File.ReadAllText(Sync.ServerConfigPath))!.AsObject();
        server["name"] = "SIEGE";
        if (signed)
        {
            server["signingKey"] = _keys.Combine("headoffice.private.pem");
            server["requireSignatures"] = true;
            server["sites"] = new JsonArray(new JsonObject { ["id"] = Sync.SiteId, ["publicKey"] = _keys.Combine($"{Sync.SiteId}.public.pem") });
        }

        File.WriteAllText(Sync.ServerConfigPath, server.ToJsonString());
        Directory.CreateDirectory(SiteReceipts);
        Directory.CreateDirectory(Sync.Inbox);
    }

    public SyncFixture Sync { get; }

    public bool Signed { get; }

    /// <summary>The folder site.json's "receipts" names.</summary>
    public string SiteReceipts => Path.Combine(Path.GetDirectoryName(Sync.SiteConfigPath)!, "receipts");

    /// <summary>Where head office writes the site's receipt by default: receipts/&lt;SITE&gt;/ beside server.json.</summary>
    public string HeadOfficeReceipt => Path.Combine(Path.GetDirectoryName(Sync.ServerConfigPath)!, "receipts", Sync.SiteId, $"{Sync.SiteId}.receipt.json");

    public string Archive => Sync.ArchiveOf();

    /// <summary>A day at the shop: a few new invoices, some corrected.</summary>
    public void ShopDay()
    {
        _round++;
        Sync.ExecuteSource(ShopData.Factures(_nextInvoice, _nextInvoice + 2, _round) + ShopData.TouchFactures(_round, modulo: 5, residue: _round % 5));
        _nextInvoice += 3;
    }

    /// <summary>One export as a child process; returns its result (exit 0 required).</summary>
    public static async Task<CliResult> RunAsync(string program, string config, params string[] extra)
    {
        using var process = ProgramProcess.Start(program, ["run", "--config", config, .. extra]);
        return await process.WaitAsync(TimeSpan.FromSeconds(120));
    }

    public Task<CliResult> ExportProcessAsync() => RunAsync("syncfiles-export", Sync.SiteConfigPath);

    public Task<CliResult> ImportProcessAsync() => RunAsync("syncfiles-import", Sync.ServerConfigPath);

    public async Task<CliResult> StatusProcessAsync(string program, params string[] extra)
    {
        using var process = ProgramProcess.Start(program, ["status", "--config", program == "syncfiles-export" ? Sync.SiteConfigPath : Sync.ServerConfigPath, .. extra]);
        return await process.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>The courier takes every bundle (and .sig) from the outbox; returns their names.</summary>
    public List<string> TakeOutbox(string bag)
    {
        Directory.CreateDirectory(bag);
        var taken = new List<string>();
        foreach (var file in Directory.GetFiles(Sync.Outbox))
        {
            File.Move(file, Path.Combine(bag, Path.GetFileName(file)), overwrite: true);
            taken.Add(Path.GetFileName(file));
        }

        return taken.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Drops a bundle (and its .sig when there is one) from <paramref name="bag"/> into head office's inbox.</summary>
    public void DeliverBundle(string bag, string name)
    {
        File.Copy(Path.Combine(bag, name), Path.Combine(Sync.Inbox, name), overwrite: true);
        var signature = Path.Combine(bag, name + ".sig");
        if (File.Exists(signature))
        {
            File.Copy(signature, Path.Combine(Sync.Inbox, name + ".sig"), overwrite: true);
        }
    }

    /// <summary>The courier brings head office's current receipt to the site.</summary>
    public void CarryReceipt() =>
        File.Copy(HeadOfficeReceipt, Path.Combine(SiteReceipts, Path.GetFileName(HeadOfficeReceipt)), overwrite: true);

    /// <summary>The sequences head office's ledger holds for the site, in the order they were applied.</summary>
    public List<long> Ledger() =>
        Sync.QueryCentral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'syncfiles_ledger'")[0][0] is long and > 0 ? Sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY rowid").Select(row => Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture)).ToList() : [];

    /// <summary>Head office holds exactly the shop's rows.</summary>
    public void AssertCentralMatchesSource(string context)
    {
        foreach (var table in ShopData.Tables)
        {
            TableContents.Read(Sync.Target, ShopData.CentralQuery(table, Sync.SiteId))
                .AssertSameAs(TableContents.Read(Sync.Source, ShopData.SourceQuery(table)), $"{table}: {context}");
        }
    }

    public List<string> ArchivedBundles() => SyncFixture.Files(Archive).Where(f => f.EndsWith(".zip", StringComparison.Ordinal)).ToList();

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public static void Expect(CliResult result, string what, int code = 0) => Assert.True(result.ExitCode == code, $"{what}: expected exit {code}, got {result}");

    public void Dispose()
    {
        Sync.Dispose();
        _keys.Dispose();
    }
}
