using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;
using SyncFiles.Common.Signing;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// A folder that holds a site's bundles under their final names (the outbox, the archive), and the
/// one way bundles move between such folders: each file is copied under a temporary dot-name in
/// the target folder, flushed to the disk and renamed, the signature before its bundle, so a
/// reader never sees a partial file or a bundle without the signature that vouches for it. A
/// bundle the run has just written and flushed is linked rather than copied where the volume
/// allows (<see cref="LinkInto"/>).
/// </summary>
public static class BundleFolder
{
    /// <summary>Sequences of the site's bundles in the folder (plain or encrypted), ascending; none when the folder does not exist.</summary>
    public static IReadOnlyList<long> Sequences(string directory, string siteId)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        // "*.zip*": AG01-00000001.zip and AG01-00000001.zip.enc (TryParse leaves out the .sig files).
        return Directory.EnumerateFiles(directory, "*" + BundleFileName.Extension + "*")
            .Select(path => BundleFileName.TryParse(Path.GetFileName(path), out var site, out var sequence) && site == siteId ? sequence : 0)
            .Where(sequence => sequence > 0)
            .Distinct()
            .Order()
            .ToList();
    }

    /// <summary>
    /// The bundle of that sequence in the folder: the encrypted one (<c>.zip.enc</c>) when it is
    /// there, else the plain name (which may not exist). A site that turned <c>encryptTo</c> on or
    /// off keeps bundles of both kinds, one name per sequence.
    /// </summary>
    public static string PathOf(string directory, string siteId, long sequence)
    {
        var encrypted = Path.Combine(directory, BundleFileName.Format(siteId, sequence, encrypted: true));
        return File.Exists(encrypted) ? encrypted : Path.Combine(directory, BundleFileName.Format(siteId, sequence));
    }

    /// <summary>Removes temporary files of the site that killed runs left behind (call while holding the export lock).</summary>
    public static void RemoveStaleTemporaryFiles(string directory, string siteId)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateFiles(directory, $".{siteId}-*{BundleFileName.Extension}.*.tmp"))
        {
            AtomicFile.TryDelete(stale);
        }
    }

    /// <summary>
    /// Copies a bundle, and its <c>.sig</c> when there is one, into <paramref name="directory"/>
    /// under the same name. Returns false, copying nothing, when the folder already holds the bundle.
    /// </summary>
    /// <param name="stamp">When given, the copy's last-write time (the archive ages bundles by it).</param>
    public static bool CopyInto(string bundlePath, string directory, DateTimeOffset? stamp = null)
    {
        using var bundle = OpenRead(bundlePath);
        return PlaceInto(bundle, linkFrom: null, bundlePath + BundleSignature.Extension, directory, Path.GetFileName(bundlePath), stamp);
    }

    /// <summary>
    /// Puts a bundle whose bytes are already flushed to the disk into <paramref name="directory"/>
    /// as <paramref name="fileName"/>, with the signature at <paramref name="signaturePath"/> when
    /// that file exists: as a second name of the same file (a hard link: nothing is read, written
    /// or flushed again) where the volume allows, else as a copy.
    /// Returns false, placing nothing, when the folder already holds the bundle.
    /// </summary>
    /// <param name="bundle">The bundle file, open, flushed to the disk; it must not be written to afterwards.</param>
    /// <param name="signaturePath">Where its signature is, when it has one.</param>
    /// <param name="directory">The folder to place it in, on the same volume for a link.</param>
    /// <param name="fileName">Its name there.</param>
    /// <param name="stamp">
    /// When given, its last-write time there (the archive ages bundles by it). A link shares the
    /// file's times: the time is set on the file itself, through the open handle.
    /// </param>
    public static bool LinkInto(FileStream bundle, string signaturePath, string directory, string fileName, DateTimeOffset? stamp = null)
    {
        if (stamp is { } time)
        {
            File.SetLastWriteTimeUtc(bundle.SafeFileHandle, time.UtcDateTime);
        }

        return PlaceInto(bundle, linkFrom: bundle.Name, signaturePath, directory, fileName, stamp);
    }

    private static bool PlaceInto(Stream bundle, string? linkFrom, string signaturePath, string directory, string fileName, DateTimeOffset? stamp)
    {
        var target = Path.Combine(directory, fileName);
        if (File.Exists(target))
        {
            return false;
        }

        PrivateFiles.CreateDirectory(directory);
        if (File.Exists(signaturePath))
        {
            // A signature copied twice is the same bytes: replacing one left by an earlier attempt is fine.
            using var signature = OpenRead(signaturePath);
            PlaceFile(signature, linkFrom: null, target + BundleSignature.Extension, overwrite: true, stamp);
        }

        bundle.Position = 0;
        PlaceFile(bundle, linkFrom, target, overwrite: false, stamp);
        DirectorySync.Flush(Path.GetFullPath(directory));
        return true;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    // Under a temporary name first, then renamed: a reader never sees a partial copy, and a link
    // or a copy left by a killed run is removed as a stale temporary file.
    private static void PlaceFile(Stream from, string? linkFrom, string target, bool overwrite, DateTimeOffset? stamp)
    {
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            if (linkFrom is not null && HardLink.TryCreate(linkFrom, temp))
            {
                // The same file under a second name: its bytes and its time are already as wanted.
                File.Move(temp, target, overwrite);
                return;
            }

            using (var to = PrivateFiles.CreateNew(temp, FileAccess.Write, 1 << 16))
            {
                from.CopyTo(to);
                to.Flush(flushToDisk: true);
            }

            if (stamp is { } time)
            {
                File.SetLastWriteTimeUtc(temp, time.UtcDateTime);
            }

            File.Move(temp, target, overwrite);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }
}
