using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Schema;

namespace SyncFiles.Exporter.Config;

/// <summary>A validated site configuration with every path made absolute.</summary>
public sealed record SiteSettings(
    string ConfigPath,
    string BaseDirectory,
    SiteConfig Config,
    string OutboxDirectory,
    string StateFilePath,
    string? LogFilePath,
    TimeSpan Overlap,
    TimeSpan? InitialWindow,
    string? SigningKeyPath)
{
    /// <summary>The archive folder: as configured, or <c>archive</c> inside the outbox.</summary>
    public string ArchiveDirectory => Config.Archive.Folder is { } folder
        ? ConfigFile.Resolve(BaseDirectory, folder)
        : Path.Combine(OutboxDirectory, "archive");

    /// <summary>The folder head office's receipts arrive in: as configured, or <c>receipts</c> beside site.json.</summary>
    public string ReceiptsDirectory => ConfigFile.Resolve(BaseDirectory, Config.Receipts ?? "receipts");

    /// <summary>Head office's public key file, or null when receipts are accepted unverified.</summary>
    public string? HeadOfficeKeyPath => Config.HeadOfficeKey is { } key ? ConfigFile.Resolve(BaseDirectory, key) : null;

    /// <summary>
    /// True when site.json sets <c>receipts</c> or <c>headOfficeKey</c>: the site takes part in the
    /// receipt loop from its first bundle, so nothing head office has not acknowledged is ever
    /// pruned, even before the first receipt arrives. Otherwise the archive keeps today's age and
    /// count rule until a receipt is accepted.
    /// </summary>
    public bool ExpectsReceipts => Config.Receipts is not null || Config.HeadOfficeKey is not null;

    /// <summary>How long a published bundle may stay unacknowledged before it is a warning.</summary>
    public TimeSpan AckWarnAfter => Duration.Parse(Config.AckWarnAfter, $"{ConfigPath}: ackWarnAfter");

    public static SiteSettings Load(string configPath)
    {
        var fullPath = Path.GetFullPath(configPath);
        var config = ConfigFile.Load(fullPath, SiteConfigJsonContext.Default.SiteConfig, "site.json");
        var baseDirectory = Path.GetDirectoryName(fullPath)!;
        Validate(config, fullPath);
        var overlap = Duration.Parse(config.Overlap, $"{fullPath}: overlap");
        Duration.Parse(config.AckWarnAfter, $"{fullPath}: ackWarnAfter");
        TimeSpan? window = config.InitialWindow is null ? null : Duration.Parse(config.InitialWindow, $"{fullPath}: initialWindow");
        var settings = new SiteSettings(
            fullPath,
            baseDirectory,
            config,
            ConfigFile.Resolve(baseDirectory, config.Outbox),
            ConfigFile.Resolve(baseDirectory, config.StateFile),
            config.LogFile is null ? null : ConfigFile.Resolve(baseDirectory, config.LogFile),
            overlap,
            window,
            config.SigningKey is null ? null : ConfigFile.Resolve(baseDirectory, config.SigningKey));
        if (string.Equals(Path.TrimEndingDirectorySeparator(settings.ArchiveDirectory), Path.TrimEndingDirectorySeparator(settings.OutboxDirectory), StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"{fullPath}: archive.folder is the outbox itself; the archive must be another folder (the courier takes files from the outbox).");
        }

        return settings;
    }

    private static void Validate(SiteConfig config, string path)
    {
        void Fail(string problem) => throw new ConfigurationException($"{path}: {problem}");

        if (!SiteId.IsValid(config.SiteId))
        {
            Fail($"siteId '{config.SiteId}' is not valid: {SiteId.Rule}.");
        }

        if (string.IsNullOrWhiteSpace(config.Source.Provider) || string.IsNullOrWhiteSpace(config.Source.ConnectionString))
        {
            Fail("source needs a provider and a connectionString.");
        }

        if (config.Tables.Count == 0)
        {
            Fail("tables is empty: list the tables to export.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in config.Tables)
        {
            if (!Identifier.IsValid(table.Name))
            {
                Fail($"table name '{table.Name}' is not a valid identifier (letters, digits and '_').");
            }

            if (!names.Add(table.Name))
            {
                Fail($"table {table.Name} is listed twice.");
            }

            foreach (var key in table.Key ?? [])
            {
                if (!Identifier.IsValid(key))
                {
                    Fail($"table {table.Name}: key column '{key}' is not a valid identifier.");
                }
            }

            if (table.Kind == TableKind.Transaction && table.Strategy != ChangeStrategy.ChangeTracking && !Identifier.IsValid(table.ChangeColumn))
            {
                Fail($"table {table.Name} is a transaction table and needs a changeColumn (for example \"modifie_le\"), or \"strategy\": \"changetracking\" on SQL Server.");
            }

            if (table.Kind == TableKind.Transaction && table.Strategy == ChangeStrategy.ChangeTracking && table.ChangeColumn is not null)
            {
                Fail($"table {table.Name}: change tracking needs no changeColumn; remove it.");
            }

            if (table.Kind == TableKind.Reference && (table.ChangeColumn is not null || table.Strategy is not null))
            {
                Fail($"table {table.Name} is a reference table (exported in full every run); remove changeColumn and strategy, or make it a transaction table.");
            }

            if (table.Kind == TableKind.Transaction && table.Deletes is not null)
            {
                Fail($"table {table.Name}: \"deletes\": \"mirror\" is for reference tables, which go in full every run; transaction tables carry deletions as tombstones with change tracking.");
            }
        }

        if (config.Archive.KeepDays is < 0)
        {
            Fail($"archive.keepDays {config.Archive.KeepDays} is negative: give a number of days (0 keeps only the newest bundle), or null for no age limit.");
        }

        if (config.Archive.KeepBundles is < 1)
        {
            Fail($"archive.keepBundles {config.Archive.KeepBundles} is less than 1: the newest bundle is always kept; give a number of bundles, or null for no count limit.");
        }

        if (config.Archive.Folder is { } archiveFolder && string.IsNullOrWhiteSpace(archiveFolder))
        {
            Fail("archive.folder is empty: give a folder, or remove the key to use <outbox>/archive.");
        }

        if (config.Receipts is { } receiptsFolder && string.IsNullOrWhiteSpace(receiptsFolder))
        {
            Fail("receipts is empty: give the folder head office's receipts arrive in, or remove the key to use receipts beside site.json.");
        }

        if (config.CompressionLevel is int level && (level < 0 || level > (config.Compression == BundleCompression.Deflate ? 9 : 22)))
        {
            Fail($"compressionLevel {level} is out of range for {config.Compression.ToString().ToLowerInvariant()}.");
        }
    }
}
