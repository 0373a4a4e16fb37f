using Serilog;
using SyncFiles.Common.Config;

namespace SyncFiles.Exporter.Config;

/// <summary>
/// The site's folders before an export: the outbox and the archive are written by the exporter, so
/// a missing one is created and the creation logged (<see cref="ConfiguredFolder"/>): a misspelt
/// outbox shows in the log of the first run.
/// </summary>
public static class SiteFolders
{
    public static void Prepare(SiteSettings settings, ILogger log)
    {
        ConfiguredFolder.CreateIfMissing(settings.ConfigPath, "outbox", settings.OutboxDirectory, log);
        ConfiguredFolder.CreateIfMissing(settings.ConfigPath, settings.Config.Archive.Folder is null ? "outbox" : "archive.folder", settings.ArchiveDirectory, log);
    }
}
