using SyncFiles.Common.Signing;
using SyncFiles.Exporter.Config;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The outbox's archive: every bundle published into the outbox is also copied here (with its
/// signature), so the courier may move or delete files from the outbox and
/// <c>syncfiles-export resend</c> can still put a lost bundle back. A bundle's age is the
/// last-write time of its archived copy, set to the moment it was archived.
/// </summary>
public sealed class BundleArchive
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
    public IReadOnlyList<long> Prune(string siteId)
    {
        var newestFirst = Sequences(siteId).Reverse().ToList();
        var cutoff = _retention.KeepDays is int days ? _clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(days) : (DateTime?)null;
        var deleted = new List<long>();
        var dropping = false;
        for (var index = 1; index < newestFirst.Count; index++)
        {
            var path = BundleFolder.PathOf(Directory, siteId, newestFirst[index]);
            dropping = dropping
                || index >= _retention.KeepBundles
                || (cutoff is { } limit && File.GetLastWriteTimeUtc(path) < limit);
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

    public void RemoveStaleTemporaryFiles(string siteId) => BundleFolder.RemoveStaleTemporaryFiles(Directory, siteId);
}
