using System.Security.Cryptography;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Config;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Status;
using SyncFiles.Importer.Text;

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

    /// <summary>
    /// Head office's encryption private keys (<c>"decryptionKeys"</c>), chosen by the key id an
    /// encrypted bundle's header names; null when none is configured (an encrypted bundle is then
    /// quarantined, naming the key it was encrypted for).
    /// </summary>
    public DecryptionKeyRing? DecryptionKeys { get; init; }

    /// <summary>True when the site's bundles must be encrypted: <c>"requireEncryption"</c> on the server or on the site.</summary>
    public bool RequiresEncryption(string siteId) =>
        Config.RequireEncryption || Config.Sites.Any(s => s.RequireEncryption && string.Equals(s.Id, siteId, StringComparison.OrdinalIgnoreCase));

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

    /// <summary>Starts preparing what <see cref="Load"/> reads server.json with, when the command line names one (<see cref="ConfigurationWarmUp"/>).</summary>
    public static void WarmUp(IReadOnlyList<string> args) => ConfigurationWarmUp.StartIfNamed(args, () => ServerConfigJsonContext.Default.ServerConfig);

    public static ServerSettings Load(string configPath)
    {
        var fullPath = Path.GetFullPath(configPath);
        var config = ConfigFile.Load(fullPath, ServerConfigJsonContext.Default.ServerConfig, "server.json");
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
            DecryptionKeys = DecryptionKeysOf(config, baseDirectory, fullPath),
        };
    }

    /// <summary>
    /// The <c>"decryptionKeys"</c>, loaded (a file that is missing or not a P-256 private key is a
    /// configuration error); <c>"requireEncryption"</c> without any key is one too, since every
    /// bundle it requires would be quarantined. A receipt-signing key listed here is refused: one
    /// key, one purpose (docs/security.md, "Why a key of its own").
    /// </summary>
    private static DecryptionKeyRing? DecryptionKeysOf(ServerConfig config, string baseDirectory, string path)
    {
        var paths = config.DecryptionKeys ?? [];
        if (paths.Count == 0)
        {
            if (config.RequireEncryption || config.Sites.Any(s => s.RequireEncryption))
            {
                throw new ConfigurationException(ConfigFile.InFile(path, HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.ConfigRequireWithoutKeys))));
            }

            return config.DecryptionKeys is null ? null : throw new ConfigurationException(ConfigFile.InFile(path, HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.ConfigNoKeys))));
        }

        if (paths.Any(string.IsNullOrWhiteSpace))
        {
            throw new ConfigurationException(ConfigFile.InFile(path, HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.ConfigNoKeys))));
        }

        var ring = DecryptionKeyRing.Load(paths.Select(p => ConfigFile.Resolve(baseDirectory, p)));
        if (config.SigningKey is not null)
        {
            using var signing = SigningKeys.LoadPrivate(ConfigFile.Resolve(baseDirectory, config.SigningKey));
            var signingId = SigningKeys.KeyId(signing);
            if (ring.KeyIds.Contains(signingId, StringComparer.Ordinal))
            {
                ring.Dispose();
                throw new ConfigurationException(ConfigFile.InFile(path, HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.ConfigSigningKeyAsDecryptionKey), signingId)));
            }
        }

        return ring;
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
                    throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.MsgServerRevokedKeyInvalid), path, site.Id, id));
                }

                ids.Add(id.ToLowerInvariant());
            }

            if (publicKeys.TryGetValue(site.Id, out var current) && ids.Contains(SigningKeys.KeyId(current)))
            {
                throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.MsgServerPublicKeyRevoked), path, site.Id, SigningKeys.KeyId(current)));
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
            throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.MsgServerLimitsInvalid), path, ex.Message), ex);
        }

        return limits;
    }

    private static SiteBudget SiteBudgetFrom(ServerLimitsConfig? configured, string path)
    {
        var bytes = configured?.MaxBytesPerSitePerRun ?? SiteBudget.DefaultMaxBytesPerRun;
        if (bytes < 0)
        {
            throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.MsgServerSiteBudgetNegative), path, bytes));
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
        void Problem(LocalizedText problem) => throw new ConfigurationException(ConfigFile.InFile(path, problem));
        void Fail(string key, params object?[] arguments) => Problem(ImporterText.Get(key, arguments));

        if (string.IsNullOrWhiteSpace(config.Target.Provider) || string.IsNullOrWhiteSpace(config.Target.ConnectionString))
        {
            Fail(nameof(ImporterMessages.MsgServerTargetIncomplete));
        }

        StatusThresholds.FromConfig(config.Status, path);

        if (config.Name is { } name && (name.Trim().Length is 0 or > 100 || name.Any(char.IsControl)))
        {
            Fail(nameof(ImporterMessages.MsgServerNameInvalid));
        }

        var sites = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in config.Sites)
        {
            if (!SiteId.IsValid(site.Id))
            {
                Fail(nameof(ImporterMessages.MsgServerSiteIdInvalid), site.Id, SiteId.RuleText);
            }

            if (sites.TryGetValue(site.Id, out var listed))
            {
                if (listed == site.Id)
                {
                    Fail(nameof(ImporterMessages.MsgServerSiteTwice), site.Id);
                }

                Fail(nameof(ImporterMessages.MsgServerSitesDifferByCase), listed, site.Id);
            }

            sites.Add(site.Id, site.Id);

            if (site.ReceiptsTo is not null && string.IsNullOrWhiteSpace(site.ReceiptsTo))
            {
                Fail(nameof(ImporterMessages.MsgServerReceiptsToEmpty), site.Id);
            }

            if (config.RequireSignatures && string.IsNullOrWhiteSpace(site.PublicKey))
            {
                Fail(nameof(ImporterMessages.MsgServerPublicKeyMissing), site.Id);
            }
        }

        void CheckSchemaChanges(string? value, string? table)
        {
            if (value is not null and not (NoSchemaChanges or AddColumns))
            {
                if (table is null)
                {
                    Fail(nameof(ImporterMessages.MsgServerSchemaChangesUnknown), value, NoSchemaChanges, AddColumns);
                }

                Fail(nameof(ImporterMessages.MsgServerTableSchemaChangesUnknown), table, value, NoSchemaChanges, AddColumns);
            }
        }

        CheckSchemaChanges(config.SchemaChanges, null);
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in config.Tables)
        {
            CheckSchemaChanges(table.SchemaChanges, table.Name);
            if (!Identifier.IsValid(table.Name))
            {
                Fail(nameof(ImporterMessages.MsgServerTableNameInvalid), table.Name);
            }

            if (string.Equals(table.Name, LedgerTable, StringComparison.OrdinalIgnoreCase))
            {
                Fail(nameof(ImporterMessages.MsgServerTableIsLedger), LedgerTable);
            }

            if (string.Equals(table.Name, TableStateTable, StringComparison.OrdinalIgnoreCase))
            {
                Fail(nameof(ImporterMessages.MsgServerTableIsTableState), TableStateTable);
            }

            if (!tables.Add(table.Name))
            {
                Fail(nameof(ImporterMessages.MsgServerTableTwice), table.Name);
            }

            if (table.SiteColumn is not null && !Identifier.IsValid(table.SiteColumn))
            {
                Fail(nameof(ImporterMessages.MsgServerSiteColumnInvalid), table.Name, table.SiteColumn);
            }

            foreach (var key in table.Key ?? [])
            {
                if (!Identifier.IsValid(key))
                {
                    Fail(nameof(ImporterMessages.MsgServerKeyColumnInvalid), table.Name, key);
                }
            }

            if (table.Into is not null)
            {
                if (!Identifier.IsValid(table.Into))
                {
                    Fail(nameof(ImporterMessages.MsgServerIntoInvalid), table.Name, table.Into);
                }

                if (string.Equals(table.Into, LedgerTable, StringComparison.OrdinalIgnoreCase) || string.Equals(table.Into, TableStateTable, StringComparison.OrdinalIgnoreCase))
                {
                    Fail(nameof(ImporterMessages.MsgServerIntoOwnTable), table.Name, table.Into);
                }
            }

            ValidateColumns(table, Problem);
        }

        // Two bundle tables merged into one central table would overwrite each other's rows and table state.
        foreach (var shared in config.Tables.GroupBy(t => t.CentralTable, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var names = shared.Skip(1).Aggregate(
                LocalizedText.Untranslated(shared.First().Name),
                (joined, next) => ImporterText.Get(nameof(ImporterMessages.MsgServerAnd), joined, next.Name));
            Fail(nameof(ImporterMessages.MsgServerTablesShareInto), names, shared.Key);
        }
    }

    private static void ValidateColumns(ServerTableConfig table, Action<LocalizedText> fail)
    {
        var centralNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bundleNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (bundle, central) in table.Columns ?? new Dictionary<string, string>())
        {
            if (!Identifier.IsValid(bundle))
            {
                fail(ImporterText.Get(nameof(ImporterMessages.MsgServerBundleColumnInvalid), table.Name, bundle));
            }

            if (!Identifier.IsValid(central))
            {
                fail(ImporterText.Get(nameof(ImporterMessages.MsgServerCentralColumnInvalid), table.Name, central, bundle));
            }

            if (!bundleNames.Add(bundle))
            {
                fail(ImporterText.Get(nameof(ImporterMessages.MsgServerBundleColumnTwice), table.Name, bundle));
            }

            if (centralNames.TryGetValue(central, out var other))
            {
                fail(ImporterText.Get(nameof(ImporterMessages.MsgServerCentralColumnShared), table.Name, other, bundle, central));
            }

            centralNames[central] = bundle;
            if (table.SiteColumn is not null && string.Equals(central, table.SiteColumn, StringComparison.OrdinalIgnoreCase))
            {
                fail(ImporterText.Get(nameof(ImporterMessages.MsgServerColumnOntoSiteColumn), table.Name, bundle, central));
            }
        }
    }
}
