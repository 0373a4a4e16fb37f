using SyncFiles.Common.State;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Where a site's numbering stands: the state file's last sequence and the highest bundle in the
/// outbox and in its archive. The next bundle comes after all three, so a run that stopped after
/// publishing (before the state was saved) never has its number reused, even when the courier has
/// emptied the outbox since.
/// </summary>
public sealed record SequenceCounter(long FromState, long HighestInOutbox, long HighestInArchive)
{
    public static SequenceCounter Read(SyncState? state, Outbox outbox, BundleArchive archive, string siteId)
    {
        var inOutbox = outbox.PublishedSequences(siteId);
        var inArchive = archive.Sequences(siteId);
        return new SequenceCounter(
            state?.LastSequence ?? 0,
            inOutbox.Count == 0 ? 0 : inOutbox[^1],
            inArchive.Count == 0 ? 0 : inArchive[^1]);
    }

    public long HighestPublished => Math.Max(HighestInOutbox, HighestInArchive);

    public long Next => Math.Max(FromState, HighestPublished) + 1;
}
