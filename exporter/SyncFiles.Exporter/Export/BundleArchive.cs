using SyncFiles.Common.IO;
using SyncFiles.Common.Signing;
using SyncFiles.Exporter.Config;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The outbox's archive: every bundle published into the outbox is also copied here (with its
/// signature), so the courier may move or delete files from the outbox and
/// <c>syncfiles-export resend</c> can still put a lost bundle back. A bundle's age is the
/// last-write time of its archived copy, set to the moment it was archived.
/// </summary>
public sealed partial class BundleArchive
{
    private readonly ArchiveConfig _retention;
    private readonly TimeProvider _clock;

    public BundleArchive(string directory, ArchiveConfig retention, TimeProvider clock)
    {
        Directory = directory;
        _retention = retention;
        _clock = clock;
    }

    public string Directory { get; }

    /// <summary>Sequences of the site's archived bundles, ascending.</summary>
    public IReadOnlyList<long> Sequences(string siteId) => BundleFolder.Sequences(Directory, siteId);

    /// <summary>The archived bundle of that sequence, or null when it is not (or no longer) archived.</summary>
    public string? Find(string siteId, long sequence)
    {
        var path = BundleFolder.PathOf(Directory, siteId, sequence);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Copies a published bundle and its signature into the archive; false when it is there already.</summary>
    public bool Keep(string publishedBundlePath) => BundleFolder.CopyInto(publishedBundlePath, Directory, _clock.GetUtcNow());

    /// <summary>
    /// Puts a bundle that is about to be published (flushed to the disk, its signature already
    /// beside its final name) into the archive, so that no moment exists when the outbox holds a
    /// bundle the archive does not: a courier may take it from the outbox at once. Where the archive
    /// is on the outbox's volume (by default it is inside it) the archived bundle is a second name
    /// of the same file, not a copy: the courier moving or deleting the outbox's name leaves it.
    /// </summary>
    public bool KeepBeforePublishing(Outbox.PendingBundle pending) =>
        BundleFolder.LinkInto(pending.Stream, pending.FinalPath + BundleSignature.Extension, Directory, Path.GetFileName(pending.FinalPath), _clock.GetUtcNow());

    /// <summary>Removes an archived bundle that was not published after all (its publishing failed).</summary>
    public void Forget(string siteId, long sequence)
    {
        var path = BundleFolder.PathOf(Directory, siteId, sequence);
        AtomicFile.TryDelete(path);
        AtomicFile.TryDelete(path + BundleSignature.Extension);
    }

    /// <summary>
    /// Puts back into the outbox the archived bundles after <paramref name="lastRecorded"/> (the
    /// state file's last sequence) that the outbox does not hold: a run archived them and then
    /// stopped before publishing them or before recording them. Sending one head office already
    /// has is harmless (it is filed as a duplicate); not sending it would leave a gap.
    /// </summary>
    public IReadOnlyList<long> RestoreUnrecorded(Outbox outbox, string siteId, long lastRecorded)
    {
        var inOutbox = outbox.PublishedSequences(siteId).ToHashSet();
        var restored = new List<long>();
        foreach (var sequence in Sequences(siteId).Where(s => s > lastRecorded && !inOutbox.Contains(s)))
        {
            if (BundleFolder.CopyInto(BundleFolder.PathOf(Directory, siteId, sequence), outbox.Directory))
            {
                restored.Add(sequence);
            }
        }

        return restored;
    }

    /// <summary>
    /// Archives the outbox's bundles that an earlier run published but could not archive (it was
    /// killed in between, or the archive folder was not writable). Bundles older than the oldest
    /// one archived are left alone: those were archived and pruned since.
    /// </summary>
    public IReadOnlyList<long> CatchUp(Outbox outbox, string siteId)
    {
        var archived = Sequences(siteId);
        var oldest = archived.Count == 0 ? 0 : archived[0];
        var added = new List<long>();
        foreach (var sequence in outbox.PublishedSequences(siteId).Except(archived))
        {
            if (sequence > oldest && Keep(BundleFolder.PathOf(outbox.Directory, siteId, sequence)))
            {
                added.Add(sequence);
            }
        }

        return added;
    }

    /// <summary>
    /// Deletes the site's oldest archived bundles beyond the retention: more than keepBundles, or
    /// archived longer ago than keepDays. The newest bundle always stays, and what is kept is always
    /// the newest sequences without holes made by pruning. Returns the sequences deleted.
    /// </summary>
    /// <param name="siteId">The site.</param>
    /// <param name="acknowledgedThrough">
    /// Once the site has accepted a receipt: the highest sequence head office applied with no gap
    /// below it. Only bundles at or below it may go; an unacknowledged bundle is never deleted, so
    /// a receipt can make the site resend it later. Null (no receipt ever accepted): age and count
    /// alone, as before receipts existed.
    /// </param>
    public IReadOnlyList<long> Prune(string siteId, long? acknowledgedThrough = null)
    {
        var newestFirst = Sequences(siteId).Reverse().ToList();
        var cutoff = _retention.KeepDays is int days ? _clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(days) : (DateTime?)null;
        var deleted = new List<long>();
        var dropping = false;
        for (var index = 1; index < newestFirst.Count; index++)
        {
            var path = BundleFolder.PathOf(Directory, siteId, newestFirst[index]);
            dropping = dropping
                || ((newestFirst[index] <= acknowledgedThrough || acknowledgedThrough is null)
                    && (index >= _retention.KeepBundles || (cutoff is { } limit && File.GetLastWriteTimeUtc(path) < limit)));
            if (!dropping)
            {
                continue;
            }

            // The bundle first: a signature without its bundle is ignored, a bundle without its
            // signature would be refused as unsigned if it were ever sent again.
            File.Delete(path);
            File.Delete(path + BundleSignature.Extension);
            deleted.Add(newestFirst[index]);
        }

        return deleted;
    }

    /// <summary>When the archived copy of a bundle was made (its publishing time), or null when it is not archived.</summary>
    public DateTimeOffset? ArchivedAt(string siteId, long sequence) =>
        Find(siteId, sequence) is { } path ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;

    public void RemoveStaleTemporaryFiles(string siteId) => BundleFolder.RemoveStaleTemporaryFiles(Directory, siteId);
}
