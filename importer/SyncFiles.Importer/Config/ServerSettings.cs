using System.Security.Cryptography;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Status;

namespace SyncFiles.Importer.Config;

/// <summary>A validated server configuration with every folder made absolute.</summary>
public sealed record ServerSettings(
    string ConfigPath,
    string BaseDirectory,
    ServerConfig Config,
    string InboxDirectory,
    string ProcessedDirectory,
    string QuarantineDirectory,
    string? LogFilePath,
    IReadOnlyDictionary<string, ECDsa> PublicKeys,
    BundleLimits Limits)
{
    private const string LedgerTable = "syncfiles_ledger";
    private const string TableStateTable = "syncfiles_table_state";

    /// <summary>The default of <see cref="SettleTime"/>: longer than a copy tool's pauses between writes, short enough not to be noticed.</summary>
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a bundle (and its .sig) must have been left alone before the importer may decide
    /// it is damaged rather than still being copied (docs/operations.md, "Watch mode").
    /// </summary>
    public TimeSpan SettleTime { get; init; } = DefaultSettleTime;

    /// <summary>Per site (without case), the key ids it may no longer sign with (<c>revokedKeys</c>); only sites that have some.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> RevokedKeys { get; init; } = new Dictionary<string, IReadOnlySet<string>>();

    /// <summary>How much of one run a site may take before its other bundles wait for the next run.</summary>
    public SiteBudget SiteBudget { get; init; } = SiteBudget.Default;

    /// <summary>Head office's name as its receipts give it (<c>"name"</c>, else the machine name).</summary>
    public string HeadOfficeName { get; init; } = Environment.MachineName;

    /// <summary>The key receipts are signed with (<c>"signingKey"</c>); null: receipts are unsigned.</summary>
    public ECDsa? ReceiptSigningKey { get; init; }

    /// <summary>Where each site's receipt goes: its <c>"receiptsTo"</c>, else <c>receipts/&lt;SITE&gt;</c> beside server.json.</summary>
    public string ReceiptsDirectoryFor(string siteId)
    {
        var site = Config.Sites.First(s => string.Equals(s.Id, siteId, StringComparison.OrdinalIgnoreCase));
        return site.ReceiptsTo is { } configured ? ConfigFile.Resolve(BaseDirectory, configured) : Path.Combine(BaseDirectory, "receipts", site.Id);
    }

    /// <summary>
    /// Where the receipt counters are kept: beside server.json, never in a receipts folder, which
    /// may be a courier's stick or a share someone empties.
    /// </summary>
    public string ReceiptStateDirectory => Path.Combine(BaseDirectory, "receipt-state");

    public static ServerSettings Load(string configPath)
    {
        var fullPath = Path.GetFullPath(configPath);
        var config = ConfigFile.Load(fullPath, ServerConfigJsonContext.Default.ServerConfig);
        Validate(config, fullPath);
        var baseDirectory = Path.GetDirectoryName(fullPath)!;
        var publicKeys = config.Sites.Where(s => s.PublicKey is not null).ToDictionary(s => s.Id, s => SigningKeys.LoadPublic(ConfigFile.Resolve(baseDirectory, s.PublicKey!)), StringComparer.OrdinalIgnoreCase);
        return new ServerSettings(
            fullPath,
            baseDirectory,
            config,
            ConfigFile.Resolve(baseDirectory, config.Inbox),
            ConfigFile.Resolve(baseDirectory, config.Processed),
            ConfigFile.Resolve(baseDirectory, config.Quarantine),
            config.LogFile is null ? null : ConfigFile.Resolve(baseDirectory, config.LogFile),
            publicKeys,
            LimitsFrom(config.Limits, fullPath))
        {
            RevokedKeys = RevokedKeysOf(config, publicKeys, fullPath),
            SettleTime = config.SettleTime is null ? DefaultSettleTime : Duration.Parse(config.SettleTime, $"{fullPath}: settleTime"),
            SiteBudget = SiteBudgetFrom(config.Limits, fullPath),
            HeadOfficeName = string.IsNullOrWhiteSpace(config.Name) ? Environment.MachineName : config.Name.Trim(),
            ReceiptSigningKey = config.SigningKey is null ? null : SigningKeys.LoadPrivate(ConfigFile.Resolve(baseDirectory, config.SigningKey)),
        };
    }

    /// <summary>Each site's revoked key ids, lower case; a site's current publicKey may not be among them.</summary>
    private static Dictionary<string, IReadOnlySet<string>> RevokedKeysOf(ServerConfig config, Dictionary<string, ECDsa> publicKeys, string path)
    {
        var revoked = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in config.Sites.Where(s => s.RevokedKeys is { Count: > 0 }))
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in site.RevokedKeys!)
            {
                if (id is null || id.Length != 16 || !id.All(char.IsAsciiHexDigit))
                {
                    throw new ConfigurationException($"{path}: site {site.Id}: revokedKeys entry '{id}' is not a key id: give the 16 hex digits 'syncfiles-export keygen' printed for the key (every .sig carries it as keyId; 'syncfiles-import verify' shows it).");
                }

                ids.Add(id.ToLowerInvariant());
            }

            if (publicKeys.TryGetValue(site.Id, out var current) && ids.Contains(SigningKeys.KeyId(current)))
            {
                throw new ConfigurationException($"{path}: site {site.Id}: its publicKey (key id {SigningKeys.KeyId(current)}) is also in its revokedKeys; put the site's new public key as publicKey.");
            }

            revoked.Add(site.Id, ids);
        }

        return revoked;
    }

    private static BundleLimits LimitsFrom(ServerLimitsConfig? configured, string path)
    {
        var defaults = BundleLimits.Default;
        if (configured is null)
        {
            return defaults;
        }

        var limits = defaults with
        {
            MaxTotalBytes = configured.MaxTotalBytes ?? defaults.MaxTotalBytes,
            MaxCompressionRatio = configured.MaxCompressionRatio ?? defaults.MaxCompressionRatio,
            MaxTables = configured.MaxTables ?? defaults.MaxTables,
            MaxFieldBytes = configured.MaxFieldBytes ?? defaults.MaxFieldBytes,
            MaxRecordBytes = configured.MaxRecordBytes ?? defaults.MaxRecordBytes,
        };
        try
        {
            limits.Check();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException($"{path}: limits: {ex.Message}", ex);
        }

        return limits;
    }

    private static SiteBudget SiteBudgetFrom(ServerLimitsConfig? configured, string path)
    {
        var bytes = configured?.MaxBytesPerSitePerRun ?? SiteBudget.DefaultMaxBytesPerRun;
        if (bytes < 0)
        {
            throw new ConfigurationException($"{path}: limits: maxBytesPerSitePerRun must be 0 (no budget) or more, not {bytes}.");
        }

        var time = configured?.MaxTimePerSitePerRun is { } text ? Duration.Parse(text, $"{path}: limits: maxTimePerSitePerRun") : SiteBudget.DefaultMaxTimePerRun;
        return new SiteBudget(bytes == 0 ? null : bytes, time == TimeSpan.Zero ? null : time);
    }

    public bool IsKnownSite(string siteId) => ConfiguredSite(siteId) is not null;

    /// <summary>
    /// The configured spelling of <paramref name="siteId"/>, matched without case (null when no
    /// site is configured so): the ledger, the lock, the filing and the site column use it.
    /// </summary>
    public string? ConfiguredSite(string siteId) =>
        Config.Sites.FirstOrDefault(s => string.Equals(s.Id, siteId, StringComparison.OrdinalIgnoreCase))?.Id;

    public ServerTableConfig? FindTable(string name) =>
        Config.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>"schemaChanges"</c> value meaning: add a bundle column the central table lacks.</summary>
    public const string AddColumns = "addColumns";

    /// <summary>The <c>"schemaChanges"</c> default: change no central table's schema.</summary>
    public const string NoSchemaChanges = "none";

    /// <summary>Whether the importer adds the bundle columns <paramref name="table"/> lacks (its <c>schemaChanges</c>, else the server's).</summary>
    public bool AddsColumns(ServerTableConfig table) =>
        string.Equals(table.SchemaChanges ?? Config.SchemaChanges ?? NoSchemaChanges, AddColumns, StringComparison.Ordinal);

    private static void Validate(ServerConfig config, string path)
    {
        void Fail(string problem) => throw new ConfigurationException($"{path}: {problem}");

        if (string.IsNullOrWhiteSpace(config.Target.Provider) || string.IsNullOrWhiteSpace(config.Target.ConnectionString))
        {
            Fail("target needs a provider and a connectionString.");
        }

        StatusThresholds.FromConfig(config.Status, path);

        if (config.Name is { } name && (name.Trim().Length is 0 or > 100 || name.Any(char.IsControl)))
        {
            Fail("name must be one line of 1 to 100 characters (head office's name in the receipts it writes).");
        }

        var sites = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in config.Sites)
        {
            if (!SiteId.IsValid(site.Id))
            {
                Fail($"site id '{site.Id}' is not valid: {SiteId.Rule}.");
            }

            if (sites.TryGetValue(site.Id, out var listed))
            {
                Fail(listed == site.Id
                    ? $"site {site.Id} is listed twice."
                    : $"sites {listed} and {site.Id} differ only by case; head office compares site ids without case (a site column may too), so they would be one site. Give each shop an id of its own.");
            }

            sites.Add(site.Id, site.Id);

            if (site.ReceiptsTo is not null && string.IsNullOrWhiteSpace(site.ReceiptsTo))
            {
                Fail($"site {site.Id}: receiptsTo is empty; give the folder its receipts go to, or leave it out for receipts/{site.Id} beside server.json.");
            }

            if (config.RequireSignatures && string.IsNullOrWhiteSpace(site.PublicKey))
            {
                Fail($"requireSignatures is on but site {site.Id} has no publicKey: give it the path of the site's public key (syncfiles-export keygen makes the pair).");
            }
        }

        void CheckSchemaChanges(string? value, string where)
        {
            if (value is not null and not (NoSchemaChanges or AddColumns))
            {
                Fail($"{where}schemaChanges '{value}' is not known: use \"{NoSchemaChanges}\" (the default: a column the central table lacks quarantines the bundle) or \"{AddColumns}\" (the importer adds it, nullable).");
            }
        }

        CheckSchemaChanges(config.SchemaChanges, string.Empty);
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in config.Tables)
        {
            CheckSchemaChanges(table.SchemaChanges, $"table {table.Name}: ");
            if (!Identifier.IsValid(table.Name))
            {
                Fail($"table name '{table.Name}' is not a valid identifier.");
            }

            if (string.Equals(table.Name, LedgerTable, StringComparison.OrdinalIgnoreCase))
            {
                Fail($"{LedgerTable} is the importer's own ledger and cannot be a target table.");
            }

            if (string.Equals(table.Name, TableStateTable, StringComparison.OrdinalIgnoreCase))
            {
                Fail($"{TableStateTable} is the importer's own record of applied reference tables and cannot be a target table.");
            }

            if (!tables.Add(table.Name))
            {
                Fail($"table {table.Name} is listed twice.");
            }

            if (table.SiteColumn is not null && !Identifier.IsValid(table.SiteColumn))
            {
                Fail($"table {table.Name}: siteColumn '{table.SiteColumn}' is not a valid identifier.");
            }

            foreach (var key in table.Key ?? [])
            {
                if (!Identifier.IsValid(key))
                {
                    Fail($"table {table.Name}: key column '{key}' is not a valid identifier.");
                }
            }

            if (table.Into is not null)
            {
                if (!Identifier.IsValid(table.Into))
                {
                    Fail($"table {table.Name}: into '{table.Into}' is not a valid identifier.");
                }

                if (string.Equals(table.Into, LedgerTable, StringComparison.OrdinalIgnoreCase) || string.Equals(table.Into, TableStateTable, StringComparison.OrdinalIgnoreCase))
                {
                    Fail($"table {table.Name}: into {table.Into} is one of the importer's own tables and cannot be a target table.");
                }
            }

            ValidateColumns(table, Fail);
        }

        // Two bundle tables merged into one central table would overwrite each other's rows and table state.
        foreach (var shared in config.Tables.GroupBy(t => t.CentralTable, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            Fail($"tables {string.Join(" and ", shared.Select(t => t.Name))} are all merged into central table {shared.Key}; give each its own \"into\".");
        }
    }

    private static void ValidateColumns(ServerTableConfig table, Action<string> fail)
    {
        var centralNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bundleNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (bundle, central) in table.Columns ?? new Dictionary<string, string>())
        {
            if (!Identifier.IsValid(bundle))
            {
                fail($"table {table.Name}: columns: bundle column '{bundle}' is not a valid identifier.");
            }

            if (!Identifier.IsValid(central))
            {
                fail($"table {table.Name}: columns: central column '{central}' (for bundle column {bundle}) is not a valid identifier.");
            }

            if (!bundleNames.Add(bundle))
            {
                fail($"table {table.Name}: columns: bundle column {bundle} is mapped twice (names are compared without case).");
            }

            if (centralNames.TryGetValue(central, out var other))
            {
                fail($"table {table.Name}: columns: bundle columns {other} and {bundle} are both mapped onto central column {central}; each central column takes one bundle column.");
            }

            centralNames[central] = bundle;
            if (table.SiteColumn is not null && string.Equals(central, table.SiteColumn, StringComparison.OrdinalIgnoreCase))
            {
                fail($"table {table.Name}: columns: bundle column {bundle} is mapped onto {central}, the siteColumn, which takes the bundle's site; map it elsewhere.");
            }
        }
    }
}
