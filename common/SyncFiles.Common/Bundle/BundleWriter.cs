namespace SyncFiles.Common.Bundle;

/// <summary>
/// Writes one bundle zip into a stream (a file, or strictly forward into an encrypting stream):
/// table CSV entries first, each hashed and counted
/// as it is compressed, then <c>manifest.json</c> last, when every count and hash is known.
/// The caller owns the stream (and so where the file lives and when it is renamed into place).
/// </summary>
public sealed class BundleWriter : IDisposable
{
    private readonly ZipStreamWriter _zip;
    private bool _manifestWritten;

    public BundleWriter(Stream output, BundleCompression compression, int? level = null)
        : this(output, compression, level, nativeZstd: true)
    {
    }

    /// <summary>
    /// A writer that, when <paramref name="nativeZstd"/> is false, writes zstd with the managed
    /// encoder even where libzstd loads (the benchmark's probe compares the two).
    /// </summary>
    public BundleWriter(Stream output, BundleCompression compression, int? level, bool nativeZstd)
    {
        Compression = compression;
        _zip = new ZipStreamWriter(output, compression, level ?? BundleCompressionProviders.DefaultLevel(compression), nativeZstd);
    }

    public BundleCompression Compression { get; }

    /// <summary>
    /// Opens the entry for one table's CSV. Write the CSV, then dispose the returned stream; its
    /// <see cref="HashingStream.BytesCounted"/> and <see cref="HashingStream.FinishHash"/> give the
    /// manifest's <c>bytes</c> and <c>sha256</c>.
    /// </summary>
    public TableEntry OpenTable(string table) => OpenEntry(BundleEntries.TableFile(table));

    /// <summary>Opens a CSV entry by its name in the zip (a table file or a tombstone file).</summary>
    public TableEntry OpenEntry(string file)
    {
        ObjectDisposedException.ThrowIf(_manifestWritten, this);
        return new TableEntry(_zip.OpenEntry(file));
    }

    public void WriteManifest(Manifest manifest)
    {
        ObjectDisposedException.ThrowIf(_manifestWritten, this);
        var bytes = ManifestJson.Serialize(manifest);
        using (var entry = _zip.OpenEntry(BundleEntries.Manifest))
        {
            entry.Write(bytes);
        }

        _manifestWritten = true;
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>One table entry being written; dispose it to close the zip entry.</summary>
    public sealed class TableEntry : IDisposable
    {
        private readonly Stream _entry;

        internal TableEntry(Stream entry)
        {
            _entry = entry;
            Content = HashingStream.ForWriting(entry);
        }

        /// <summary>Write the table's CSV here.</summary>
        public HashingStream Content { get; }

        public void Dispose()
        {
            Content.Dispose();
            _entry.Dispose();
        }
    }
}
