namespace SyncFiles.Exporter.Export;

/// <summary>
/// Bundles published longer ago than ackWarnAfter that head office has not acknowledged: the
/// courier, the share or head office's importer may have stopped. Their age is their archived
/// copy's (made when they were published).
/// </summary>
public static class UnacknowledgedBundles
{
    public sealed record Overdue(long Sequence, DateTimeOffset PublishedAt);

    /// <param name="appliedThrough">What the last accepted receipt acknowledged (0 when none).</param>
    /// <param name="lastSequence">The newest bundle the site published.</param>
    public static IReadOnlyList<Overdue> Find(BundleArchive archive, string siteId, long appliedThrough, long lastSequence, TimeSpan warnAfter, DateTimeOffset now)
    {
        var overdue = new List<Overdue>();
        foreach (var sequence in archive.Sequences(siteId).Where(s => s > appliedThrough && s <= lastSequence))
        {
            if (archive.ArchivedAt(siteId, sequence) is { } publishedAt && now - publishedAt > warnAfter)
            {
                overdue.Add(new Overdue(sequence, publishedAt));
            }
        }

        return overdue;
    }
}
