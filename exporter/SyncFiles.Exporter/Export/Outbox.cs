using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The folder bundles are published into. A bundle is written under a temporary dot-name in the
/// same folder, flushed to disk and renamed to its final name only when complete, so a reader or a
/// copy job never sees a partial bundle under a final name.
/// </summary>
public sealed class Outbox
{
    public Outbox(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>Sequences of the site's published bundles still in the outbox, ascending.</summary>
    public IReadOnlyList<long> PublishedSequences(string siteId) => BundleFolder.Sequences(Directory, siteId);

    /// <summary>Removes temporary bundles of the site that killed runs left behind (call while holding the export lock).</summary>
    public void RemoveStaleTemporaryFiles(string siteId) => BundleFolder.RemoveStaleTemporaryFiles(Directory, siteId);

    /// <summary>Creates the temporary file a new bundle is written into, to be named <c>.zip.enc</c> when <paramref name="encrypted"/>.</summary>
    public PendingBundle Create(string siteId, long sequence, bool encrypted = false)
    {
        var finalPath = Path.Combine(Directory, BundleFileName.Format(siteId, sequence, encrypted));
        if (File.Exists(finalPath))
        {
            throw new SyncFilesException(ExporterText.Get(nameof(ExporterMessages.BundleExists), finalPath));
        }

        var tempPath = AtomicFile.TempPathFor(finalPath);
        try
        {
            PrivateFiles.CreateDirectory(Directory);
            var stream = PrivateFiles.CreateNew(tempPath, FileAccess.ReadWrite, 1 << 16);
            return new PendingBundle(stream, tempPath, finalPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The temporary file's name means nothing to the operator: the outbox and the account do.
            throw FolderNotWritableException.Outbox(Directory, ex);
        }
    }

    /// <summary>A bundle being written: publish it, or dispose it to delete the temporary file.</summary>
    public sealed class PendingBundle : IDisposable
    {
        private readonly string _tempPath;
        private readonly EarlyWriteback _writeback;
        private bool _onDisk;
        private bool _published;

        internal PendingBundle(FileStream stream, string tempPath, string finalPath)
        {
            Stream = stream;
            _tempPath = tempPath;
            FinalPath = finalPath;

            // A large bundle goes to the disk while it is written, not all at once in the flush
            // before it is published (docs/performance.md, "Export run: the fixed part").
            _writeback = new EarlyWriteback(stream.SafeFileHandle, TimeSpan.FromMilliseconds(200));
        }

        public FileStream Stream { get; }

        public string FinalPath { get; }

        /// <summary>
        /// Flushes the file to the disk: once done, its bytes survive a power cut, and the archive
        /// may take it as it is. Nothing may be written to it afterwards.
        /// </summary>
        public void FlushToDisk()
        {
            _writeback.Dispose();
            Stream.Flush(flushToDisk: true);
            _onDisk = true;
        }

        /// <summary>Flushes the file to the disk (unless <see cref="FlushToDisk"/> did), closes it and renames it to its final name.</summary>
        public void Publish()
        {
            if (!_onDisk)
            {
                FlushToDisk();
            }

            Stream.Dispose();
            // No overwrite: two exporters racing for one sequence must not replace each other's bundle.
            File.Move(_tempPath, FinalPath, overwrite: false);
            _published = true;
            DirectorySync.Flush(Path.GetDirectoryName(FinalPath)!);
        }

        public void Dispose()
        {
            _writeback.Dispose();
            try
            {
                Stream.Dispose();
            }
            catch (IOException) when (!_published)
            {
                // Closing flushes the buffer, which fails again on a full disk. The run is already
                // failing with the first error, which is the one to report; the file goes anyway.
            }
            finally
            {
                if (!_published)
                {
                    AtomicFile.TryDelete(_tempPath);
                }
            }
        }
    }
}
