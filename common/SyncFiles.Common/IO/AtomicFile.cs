namespace SyncFiles.Common.IO;

/// <summary>
/// Replaces files so that a reader (or the next run after a power cut) sees either the old content
/// or the new one, never a mix: write a temporary file beside the target, flush it to the disk,
/// then rename it over the target. Rename within one folder is atomic on NTFS and on POSIX file
/// systems; <see cref="File.Move(string, string, bool)"/> maps to MoveFileEx(REPLACE_EXISTING) on
/// Windows and rename(2) elsewhere; the folder is then flushed so the rename itself survives a
/// power cut (<see cref="DirectorySync"/>).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, replacing it when it exists unless <paramref name="overwrite"/> is false.</summary>
    /// <exception cref="IOException">With <paramref name="overwrite"/> false: the file exists (it is left as it was).</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, bool overwrite = true)
    {
        var temp = TempPathFor(path);
        try
        {
            using (var stream = PrivateFiles.CreateNew(temp))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite);
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A temporary name in the same folder (so the final rename never crosses volumes), ignored by every scan.</summary>
    public static string TempPathFor(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Deletes a temporary file left by a failed write; a file that is already gone is fine.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind; its dot-name and .tmp suffix make every scan ignore it, and the
            // exporter's next run removes stale temporary bundles. The original error is the one
            // worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
