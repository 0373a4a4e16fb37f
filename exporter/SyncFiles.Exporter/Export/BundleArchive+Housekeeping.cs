using Serilog;
using SyncFiles.Common.Logging;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The archive's upkeep during an export. The archive is a convenience for resending: a failure
/// here is a warning in the log, never a failed export. The bundle is in the outbox either way,
/// and the next run archives what is missing.
/// </summary>
public sealed partial class BundleArchive
{
    /// <summary><see cref="CatchUp"/>, each bundle archived late and any failure logged as a warning.</summary>
    public void CatchUpOrWarn(Outbox outbox, string siteId, ILogger log)
    {
        try
        {
            foreach (var sequence in CatchUp(outbox, siteId))
            {
                log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchivedLate), sequence));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchiveCatchUpFailed), Directory, ex.Message));
        }
    }

    /// <summary>
    /// <see cref="KeepBeforePublishing"/>; false, with a warning, when the archive cannot take the
    /// bundle (it is published all the same).
    /// </summary>
    public bool KeepBeforePublishingOrWarn(Outbox.PendingBundle pending, ILogger log)
    {
        var name = Path.GetFileName(pending.FinalPath);
        try
        {
            var kept = KeepBeforePublishing(pending);
            log.Debug("Archived {Bundle} in {Archive}", name, Directory);
            return kept;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchiveKeepFailed), name, Directory, ex.Message));
            return false;
        }
    }

    /// <summary>
    /// <see cref="RestoreUnrecorded"/>, each bundle put back logged as a warning. A run that archived
    /// a bundle and then stopped (killed, power cut) before publishing it, or before saving the
    /// state, leaves it in the archive only when a courier has emptied the outbox.
    /// </summary>
    public void RestoreUnrecordedOrWarn(Outbox outbox, string siteId, long lastRecorded, ILogger log)
    {
        try
        {
            foreach (var sequence in RestoreUnrecorded(outbox, siteId, lastRecorded))
            {
                log.Warning(ExporterText.Get(nameof(ExporterMessages.RestoredUnrecorded), sequence));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warning(ExporterText.Get(nameof(ExporterMessages.RestoreFailed), outbox.Directory, ex.Message, lastRecorded + 1));
        }
    }

    /// <summary><see cref="Prune"/>, what was deleted logged (by receipt or by retention), a failure as a warning.</summary>
    public void PruneOrWarn(string siteId, long? acknowledgedThrough, ILogger log)
    {
        try
        {
            if (Prune(siteId, acknowledgedThrough) is { Count: > 0 } deleted)
            {
                if (acknowledgedThrough is not null)
                {
                    log.Information(ReceiptText.Get(nameof(ReceiptMessages.ArchivePrunedAcknowledged), deleted[^1], deleted[0]));
                    return;
                }

                log.Information(ExporterText.Get(nameof(ExporterMessages.ArchivePruned), deleted[^1], deleted[0]));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchivePruneFailed), Directory, ex.Message));
        }
    }
}
