using System.Globalization;
using System.Text.Json;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// A head office for several sites: a central database with the shop's tables shared through the
/// site column, a server.json that accepts every given site, and the inbox, processed and
/// quarantine folders. The importer runs in-process (<see cref="ImportAsync"/>) or as a child
/// process on <see cref="ConfigPath"/>.
/// </summary>
public sealed class HeadOffice : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <param name="target">An empty database this head office owns from now on.</param>
    /// <param name="sites">The accepted site ids.</param>
    /// <param name="connectionString">The connection string server.json gives (default: the target's own).</param>
    public HeadOffice(TestDatabase target, IReadOnlyList<string> sites, string? connectionString = null)
    {
        Target = target;
        Target.Execute(CentralSchema);
        ConfigPath = _directory.Combine("server.json");
        File.WriteAllText(ConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = target.Provider, connectionString = connectionString ?? target.ConnectionString },
            inbox = "inbox",
            processed = "processed",
            quarantine = "quarantine",

            // Bundles are delivered and judged at once here: no waiting for a copy to settle.
            settleTime = "0s",
            sites = sites.Select(id => new { id }).ToArray(),
            tables = ShopSchemas.ShopServerTables,
        }));
        Directory.CreateDirectory(Inbox);
    }

    /// <summary>The shop's central tables, in placeholders every provider renders.</summary>
    public const string CentralSchema = """
        CREATE TABLE familles (agence {varchar:10} NOT NULL, id {int64} NOT NULL, libelle {varchar:60} NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE factures (
            agence {varchar:10} NOT NULL,
            id {int64} NOT NULL,
            numero {varchar:20} NOT NULL,
            total_ttc {decimal:14:2} NOT NULL,
            remarque {text},
            modifie_le {datetime} NOT NULL,
            PRIMARY KEY (agence, id));
        """;

    public TestDatabase Target { get; }

    public string ConfigPath { get; }

    public string Inbox => _directory.Combine("inbox");

    public string Processed => _directory.Combine("processed");

    public string Quarantine => _directory.Combine("quarantine");

    public async Task<CliResult> ImportAsync() =>
        await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", ConfigPath], o, e));

    /// <summary>Copies a bundle into the inbox, under its own name or another one.</summary>
    public string Deliver(string bundlePath, string? asName = null)
    {
        var target = Path.Combine(Inbox, asName ?? Path.GetFileName(bundlePath));
        File.Copy(bundlePath, target);
        return target;
    }

    /// <summary>The ledger as (site, sequence) in site, then sequence order; empty before the first run created it.</summary>
    public List<(string Site, long Sequence)> Ledger()
    {
        if (!HasLedger())
        {
            return [];
        }

        return Target.Query("SELECT site_id, sequence FROM syncfiles_ledger ORDER BY site_id, sequence")
            .Select(row => ((string)row[0]!, Convert.ToInt64(row[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Every table's rows (all sites), for comparison with a reference head office.</summary>
    public Dictionary<string, TableContents> Contents() =>
        ShopData.Tables.ToDictionary(table => table, table => TableContents.Read(Target, ShopData.CentralQuery(table)));

    public bool HasLedger() =>
        Target.Provider == "sqlite"
            ? Target.Query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'syncfiles_ledger'")[0][0] is long and > 0
            : Convert.ToInt64(Target.Query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'syncfiles_ledger'")[0][0], CultureInfo.InvariantCulture) > 0;

    public void Dispose()
    {
        _directory.Dispose();
        Target.Dispose();
    }
}
