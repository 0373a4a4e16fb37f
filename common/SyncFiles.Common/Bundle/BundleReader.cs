using SharpCompress.Archives;
using SharpCompress.Archives.Zip;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Opens a bundle zip for reading: checks that its entries are exactly <c>manifest.json</c> and the
/// table files the manifest lists (no directories, links, strays or duplicates), reads and validates
/// the manifest, and hands out each table's CSV as a stream that is counted and hashed as it is
/// read. Nothing is ever extracted to disk.
/// </summary>
public sealed class BundleReader : IDisposable
{
    private readonly IArchive _archive;
    private readonly Dictionary<string, IArchiveEntry> _entries;

    private BundleReader(IArchive archive, Dictionary<string, IArchiveEntry> entries, Manifest manifest, string displayName)
    {
        _archive = archive;
        _entries = entries;
        Manifest = manifest;
        DisplayName = displayName;
    }

    public Manifest Manifest { get; }

    /// <summary>The bundle's file name, used in every message about it.</summary>
    public string DisplayName { get; }

    /// <summary>Opens the bundle in <paramref name="bundle"/> (seekable; the caller keeps ownership).</summary>
    public static BundleReader Open(Stream bundle, string displayName)
    {
        IArchive archive;
        try
        {
            archive = ZipArchive.OpenArchive(bundle, new ReaderOptions
            {
                LeaveStreamOpen = true,
                Providers = BundleCompressionProviders.Registry,
            });
        }
        catch (Exception ex) when (ex is InvalidFormatException or ArchiveException or IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new BundleFormatException($"{displayName}: not a readable zip file (truncated or damaged?): {ex.Message}", ex);
        }

        try
        {
            var entries = IndexEntries(archive, displayName);
            var manifest = ReadManifest(entries, displayName);
            CheckEntriesMatchManifest(entries, manifest, displayName);
            return new BundleReader(archive, entries, manifest, displayName);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>Opens one table's CSV. Read it to the end, then call <see cref="TableStream.VerifyComplete"/>.</summary>
    public TableStream OpenTable(ManifestTable table) =>
        Open(new EntryExpectation(table.File, table.Name, table.Bytes, table.Sha256, table.Rows));

    /// <summary>Opens a table's tombstones (<c>tables/&lt;table&gt;.deleted.csv</c>); the table must have some.</summary>
    public TableStream OpenTombstones(ManifestTable table)
    {
        var deleted = table.Deleted ?? throw new InvalidOperationException($"Table {table.Name} has no tombstones.");
        return Open(new EntryExpectation(deleted.File, table.Name, deleted.Bytes, deleted.Sha256, deleted.Rows));
    }

    private TableStream Open(EntryExpectation expected)
    {
        var entry = _entries[expected.File];
        Stream raw;
        try
        {
            raw = entry.OpenEntryStream();
        }
        catch (Exception ex) when (ex is InvalidFormatException or ArchiveException or IOException or NotSupportedException or InvalidOperationException)
        {
            throw new BundleFormatException($"{DisplayName}: entry {expected.File} cannot be opened: {ex.Message}", ex);
        }

        return new TableStream(raw, expected, DisplayName);
    }

    public void Dispose() => _archive.Dispose();

    private static Dictionary<string, IArchiveEntry> IndexEntries(IArchive archive, string displayName)
    {
        var entries = new Dictionary<string, IArchiveEntry>(StringComparer.Ordinal);
        var caseless = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        List<IArchiveEntry> all;
        try
        {
            all = archive.Entries.ToList();
        }
        catch (Exception ex) when (ex is InvalidFormatException or ArchiveException or IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new BundleFormatException($"{displayName}: the zip directory cannot be read (truncated or damaged?): {ex.Message}", ex);
        }

        foreach (var entry in all)
        {
            var key = entry.Key ?? string.Empty;
            if (entry.IsDirectory || !string.IsNullOrEmpty(entry.LinkTarget))
            {
                throw new BundleFormatException($"{displayName}: entry '{key}' is a directory or a link; bundles hold only files.");
            }

            if (entry.IsEncrypted)
            {
                throw new BundleFormatException($"{displayName}: entry '{key}' is encrypted; bundles are never encrypted.");
            }

            if (!caseless.Add(key))
            {
                throw new BundleFormatException($"{displayName}: entry '{key}' appears twice (names are compared without case).");
            }

            entries.Add(key, entry);
        }

        return entries;
    }

    private static Manifest ReadManifest(Dictionary<string, IArchiveEntry> entries, string displayName)
    {
        if (!entries.TryGetValue(BundleEntries.Manifest, out var entry))
        {
            throw new BundleFormatException($"{displayName}: has no manifest.json (not a SyncFiles bundle, or cut short).");
        }

        if (entry.Size > ManifestJson.MaxBytes)
        {
            throw new BundleFormatException($"{displayName}: manifest.json declares {entry.Size} bytes, more than the {ManifestJson.MaxBytes} allowed.");
        }

        byte[] bytes;
        try
        {
            using var stream = entry.OpenEntryStream();
            bytes = ReadCapped(stream, ManifestJson.MaxBytes, displayName);
        }
        catch (Exception ex) when (ex is InvalidFormatException or ArchiveException or IOException or NotSupportedException or InvalidOperationException)
        {
            throw new BundleFormatException($"{displayName}: manifest.json cannot be read: {ex.Message}", ex);
        }

        var manifest = ManifestJson.Deserialize(bytes, displayName);
        ManifestValidator.Validate(manifest, displayName);
        return manifest;
    }

    private static byte[] ReadCapped(Stream stream, int max, string displayName)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new BundleFormatException($"{displayName}: manifest.json is larger than the {max} bytes allowed.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void CheckEntriesMatchManifest(Dictionary<string, IArchiveEntry> entries, Manifest manifest, string displayName)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { BundleEntries.Manifest };
        foreach (var file in manifest.Tables.SelectMany(t => t.Deleted is null ? new[] { t.File } : [t.File, t.Deleted.File]))
        {
            expected.Add(file);
            if (!entries.ContainsKey(file))
            {
                throw new BundleFormatException($"{displayName}: manifest lists {file} but the bundle has no such entry.");
            }
        }

        foreach (var name in entries.Keys)
        {
            if (!expected.Contains(name))
            {
                throw new BundleFormatException($"{displayName}: entry '{name}' is not listed in the manifest.");
            }
        }
    }

    /// <summary>A table's CSV as read from the bundle, counted and hashed against the manifest.</summary>
    /// <summary>What the manifest says one CSV entry holds.</summary>
    internal sealed record EntryExpectation(string File, string Table, long Bytes, string Sha256, long Rows);

    public sealed class TableStream : IDisposable
    {
        private readonly Stream _raw;
        private readonly EntryExpectation _table;
        private readonly string _bundle;

        internal TableStream(Stream raw, EntryExpectation table, string bundle)
        {
            _raw = raw;
            _table = table;
            _bundle = bundle;
            Content = HashingStream.ForReading(
                raw,
                table.Bytes,
                read => new BundleFormatException($"{bundle}: {table.File} holds more than the {table.Bytes} bytes its manifest declares; refused."));
        }

        /// <summary>The entry's name in the zip.</summary>
        public string File => _table.File;

        public HashingStream Content { get; }

        /// <summary>
        /// Reads whatever is left (so the hash covers the whole entry) and checks the byte count, the
        /// SHA-256 and the given row count against the manifest.
        /// </summary>
        public void VerifyComplete(long rowsRead)
        {
            try
            {
                Content.CopyTo(Stream.Null);
            }
            catch (Exception ex) when (ex is InvalidFormatException or ArchiveException or IOException or NotSupportedException or InvalidOperationException)
            {
                throw new BundleFormatException($"{_bundle}: {_table.File} cannot be decompressed (truncated or damaged?): {ex.Message}", ex);
            }

            if (Content.BytesCounted != _table.Bytes)
            {
                throw new BundleFormatException($"{_bundle}: {_table.File} holds {Content.BytesCounted} bytes but the manifest declares {_table.Bytes} (truncated or altered).");
            }

            var hash = Content.FinishHash();
            if (!string.Equals(hash, _table.Sha256, StringComparison.Ordinal))
            {
                throw new BundleFormatException($"{_bundle}: {_table.File} does not match the SHA-256 in the manifest (altered or corrupted).");
            }

            if (rowsRead != _table.Rows)
            {
                throw new BundleFormatException($"{_bundle}: {_table.File} (table {_table.Table}) has {rowsRead} rows but the manifest declares {_table.Rows}.");
            }
        }

        public void Dispose()
        {
            Content.Dispose();
            _raw.Dispose();
        }
    }
}
