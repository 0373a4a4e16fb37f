using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Config;
using SyncFiles.Common.Schema;
using SyncFiles.Exporter.Text;

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

    /// <summary>Head office's public encryption key file (site.json <c>encryptTo</c>), or null when bundles are not encrypted.</summary>
    public string? EncryptToPath => Config.EncryptTo is { } key ? ConfigFile.Resolve(BaseDirectory, key) : null;

    /// <summary>
    /// True when site.json sets <c>receipts</c> or <c>headOfficeKey</c>: the site takes part in the
    /// receipt loop from its first bundle, so nothing head office has not acknowledged is ever
    /// pruned, even before the first receipt arrives. Otherwise the archive keeps today's age and
    /// count rule until a receipt is accepted.
    /// </summary>
    public bool ExpectsReceipts => Config.Receipts is not null || Config.HeadOfficeKey is not null;

    /// <summary>How long a published bundle may stay unacknowledged before it is a warning.</summary>
    public TimeSpan AckWarnAfter => Duration.Parse(Config.AckWarnAfter, $"{ConfigPath}: ackWarnAfter");

    /// <summary>Starts preparing what <see cref="Load"/> reads site.json with, when the command line names one (<see cref="ConfigurationWarmUp"/>).</summary>
    public static void WarmUp(IReadOnlyList<string> args) => ConfigurationWarmUp.StartIfNamed(args, () => SiteConfigJsonContext.Default.SiteConfig);

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
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.MsgSiteArchiveIsOutbox), fullPath));
        }

        return settings;
    }

    private static void Validate(SiteConfig config, string path)
    {
        void Fail(string key, params object?[] arguments) =>
            throw new ConfigurationException(ConfigFile.InFile(path, ExporterText.Get(key, arguments)));

        if (!SiteId.IsValid(config.SiteId))
        {
            Fail(nameof(ExporterMessages.MsgSiteIdInvalid), config.SiteId, SiteId.RuleText);
        }

        if (string.IsNullOrWhiteSpace(config.Source.Provider) || string.IsNullOrWhiteSpace(config.Source.ConnectionString))
        {
            Fail(nameof(ExporterMessages.MsgSiteSourceIncomplete));
        }

        if (config.Tables.Count == 0)
        {
            Fail(nameof(ExporterMessages.MsgSiteTablesEmpty));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in config.Tables)
        {
            if (!Identifier.IsValid(table.Name))
            {
                Fail(nameof(ExporterMessages.MsgSiteTableNameInvalid), table.Name);
            }

            if (!names.Add(table.Name))
            {
                Fail(nameof(ExporterMessages.MsgSiteTableTwice), table.Name);
            }

            foreach (var key in table.Key ?? [])
            {
                if (!Identifier.IsValid(key))
                {
                    Fail(nameof(ExporterMessages.MsgSiteKeyColumnInvalid), table.Name, key);
                }
            }

            if (table.Kind == TableKind.Transaction && table.Strategy != ChangeStrategy.ChangeTracking && !Identifier.IsValid(table.ChangeColumn))
            {
                Fail(nameof(ExporterMessages.MsgSiteChangeColumnMissing), table.Name);
            }

            if (table.Kind == TableKind.Transaction && table.Strategy == ChangeStrategy.ChangeTracking && table.ChangeColumn is not null)
            {
                Fail(nameof(ExporterMessages.MsgSiteChangeColumnWithTracking), table.Name);
            }

            if (table.Kind == TableKind.Reference && (table.ChangeColumn is not null || table.Strategy is not null))
            {
                Fail(nameof(ExporterMessages.MsgSiteReferenceWithChange), table.Name);
            }

            if (table.Kind == TableKind.Transaction && table.Deletes is not null)
            {
                Fail(nameof(ExporterMessages.MsgSiteMirrorOnTransaction), table.Name);
            }
        }

        if (config.Archive.KeepDays is < 0)
        {
            Fail(nameof(ExporterMessages.MsgSiteKeepDaysNegative), config.Archive.KeepDays);
        }

        if (config.Archive.KeepBundles is < 1)
        {
            Fail(nameof(ExporterMessages.MsgSiteKeepBundlesTooFew), config.Archive.KeepBundles);
        }

        if (config.Archive.Folder is { } archiveFolder && string.IsNullOrWhiteSpace(archiveFolder))
        {
            Fail(nameof(ExporterMessages.MsgSiteArchiveFolderEmpty));
        }

        if (config.Receipts is { } receiptsFolder && string.IsNullOrWhiteSpace(receiptsFolder))
        {
            Fail(nameof(ExporterMessages.MsgSiteReceiptsEmpty));
        }

        if (config.CompressionLevel is int level && (level < 0 || level > (config.Compression == BundleCompression.Deflate ? 9 : 22)))
        {
            Fail(nameof(ExporterMessages.MsgSiteCompressionLevel), level, config.Compression.ToString().ToLowerInvariant());
        }
    }
}
