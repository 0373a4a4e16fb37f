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

        // The archive is a second copy: one that cannot be made now is the archiving step's warning
        // after the bundle is published (docs/operations.md), never a reason not to export.
        var archive = settings.ArchiveDirectory;
        if (Directory.Exists(archive) || File.Exists(archive))
        {
            return;
        }

        try
        {
            ConfiguredFolder.CreateIfMissing(settings.ConfigPath, settings.Config.Archive.Folder is null ? "outbox" : "archive.folder", archive, log);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Debug("The archive folder {Folder} cannot be created now ({Message}); archiving will say so", archive, ex.Message);
        }
    }
}
