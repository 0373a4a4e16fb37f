using SharpCompress.Archives;
using SharpCompress.Archives.Zip;
using SharpCompress.Readers;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Opens a bundle zip for reading, treating it as hostile: checks that its entries are exactly
/// <c>manifest.json</c> and the table files the manifest lists (safe names, plain files, no
/// directories, links, strays or duplicates, a bundle's compression methods, possible sizes within
/// <see cref="BundleLimits"/>), reads and validates the manifest, and hands out each table's CSV as
/// a stream that is bounded, counted and hashed as it is read. Whatever the zip and decompression
/// code throws on bad bytes comes out as a <see cref="BundleFormatException"/> naming the bundle
/// and the entry; an I/O error of the file itself stays an <see cref="IOException"/>. Nothing is
/// ever extracted to disk.
/// </summary>
public sealed class BundleReader : IDisposable
{
    private readonly IArchive _archive;
    private readonly Dictionary<string, ListedEntry> _entries;

    private BundleReader(IArchive archive, Dictionary<string, ListedEntry> entries, Manifest manifest, string displayName, BundleLimits limits)
    {
        _archive = archive;
        _entries = entries;
        Manifest = manifest;
        DisplayName = displayName;
        Limits = limits;
    }

    public Manifest Manifest { get; }

    /// <summary>The bundle's file name, used in every message about it.</summary>
    public string DisplayName { get; }

    /// <summary>The limits this bundle is read under (CSV readers apply the field and record caps).</summary>
    public BundleLimits Limits { get; }

    /// <summary>
    /// Opens the bundle in <paramref name="bundle"/> (seekable; the caller keeps ownership) under
    /// <paramref name="limits"/> (<see cref="BundleLimits.Default"/> when null).
    /// </summary>
    public static BundleReader Open(Stream bundle, string displayName, BundleLimits? limits = null)
    {
        limits ??= BundleLimits.Default;
        limits.Check();
        if (!bundle.CanRead || !bundle.CanSeek)
        {
            throw new ArgumentException("A bundle is read from a seekable stream (a file).", nameof(bundle));
        }

        var source = new BundleSourceStream(bundle, displayName);
        var length = source.Length;
        IArchive archive;
        try
        {
            archive = ZipArchive.OpenArchive(source, new ReaderOptions
            {
                LeaveStreamOpen = true,
                Providers = BundleCompressionProviders.Registry,
            });
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleNotZip), displayName, HostileInput.Describe(ex)), ex);
        }

        try
        {
            var entries = IndexEntries(archive, length, limits, displayName);
            var manifest = ReadManifest(entries, limits, displayName);
            CheckEntriesMatchManifest(entries, manifest, displayName);
            return new BundleReader(archive, entries, manifest, displayName, limits);
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
        if (!_entries.TryGetValue(expected.File, out var listed))
        {
            throw new ArgumentException($"{DisplayName} has no entry {expected.File}: the table is not from this bundle's manifest.", nameof(expected));
        }

        return new TableStream(OpenEntry(listed, DisplayName), expected, DisplayName);
    }

    public void Dispose() => _archive.Dispose();

    /// <summary>The entry's bytes, decompressed, contained and capped by its compressed size.</summary>
    private static EntryReadStream OpenEntry(ListedEntry listed, string bundle)
    {
        var where = $"{bundle}: {listed.Name}";
        Stream raw;
        try
        {
            raw = listed.Entry.OpenEntryStream();
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleEntryCannotOpen), where, HostileInput.Describe(ex)), ex);
        }

        return new EntryReadStream(raw, where, listed.MaxBytes);
    }

    private static Dictionary<string, ListedEntry> IndexEntries(IArchive archive, long fileLength, BundleLimits limits, string displayName)
    {
        var entries = new Dictionary<string, ListedEntry>(StringComparer.Ordinal);
        var caseless = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            // Enumerated lazily: a directory claiming millions of entries is refused at the cap,
            // not listed into memory first.
            foreach (var entry in archive.Entries)
            {
                if (entries.Count >= limits.MaxEntries)
                {
                    throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleTooManyEntries), displayName, limits.MaxEntries, limits.MaxTables));
                }

                var method = BundleEntryRules.Check(entry, fileLength, limits, displayName);
                var key = entry.Key!;
                if (caseless.TryGetValue(key, out var other))
                {
                    throw new BundleFormatException(other == key
                        ? CommonText.Get(nameof(CommonMessages.BundleEntryTwice), displayName, key)
                        : CommonText.Get(nameof(CommonMessages.BundleEntriesCase), displayName, other, key));
                }

                caseless.Add(key, key);
                entries.Add(key, new ListedEntry(key, entry, limits.MaxUncompressed(method, entry.CompressedSize)));
            }
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleDirectoryUnreadable), displayName, HostileInput.Describe(ex)), ex);
        }

        return entries;
    }

    private static Manifest ReadManifest(Dictionary<string, ListedEntry> entries, BundleLimits limits, string displayName)
    {
        if (!entries.TryGetValue(BundleEntries.Manifest, out var listed))
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleNoManifest), displayName));
        }

        var declared = listed.Entry.Size;
        if (declared > limits.MaxManifestBytes)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleManifestDeclaresTooMuch), displayName, declared, limits.MaxManifestBytes));
        }

        byte[] bytes;
        using (var stream = OpenEntry(listed, displayName))
        {
            bytes = ReadCapped(stream, limits.MaxManifestBytes, displayName);
        }

        if (bytes.Length != declared)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleManifestSize), displayName, bytes.Length, declared));
        }

        // The tables are checked against the manifest's SHA-256; the manifest only has the zip's
        // CRC-32, which the zip library leaves unchecked. Without it a flipped bit could turn
        // "sequence": 2 into 3 and still parse.
        if (System.IO.Hashing.Crc32.HashToUInt32(bytes) != (uint)listed.Entry.Crc)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleManifestCrc), displayName));
        }

        var manifest = ManifestJson.Deserialize(bytes, displayName);
        ManifestValidator.Validate(manifest, displayName, limits);
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
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleManifestTooLarge), displayName, max));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void CheckEntriesMatchManifest(Dictionary<string, ListedEntry> entries, Manifest manifest, string displayName)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal) { BundleEntries.Manifest };
        foreach (var (file, bytes) in manifest.Tables.SelectMany(Files))
        {
            expected.Add(file);
            if (!entries.TryGetValue(file, out var listed))
            {
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleNoSuchEntry), displayName, file));
            }

            // The zip's own size must agree with the manifest: a lie in either is caught here,
            // before anything is decompressed, and the ratio checked on the zip's size holds for it.
            if (listed.Entry.Size != bytes)
            {
                throw new BundleFormatException(listed.Entry.Size > bytes
                    ? CommonText.Get(nameof(CommonMessages.BundleEntryMore), displayName, file, bytes, listed.Entry.Size)
                    : CommonText.Get(nameof(CommonMessages.BundleEntryFewer), displayName, file, bytes, listed.Entry.Size));
            }
        }

        foreach (var name in entries.Keys)
        {
            if (!expected.Contains(name))
            {
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleUnlisted), displayName, HostileInput.Printable(name)));
            }
        }
    }

    private static IEnumerable<(string File, long Bytes)> Files(ManifestTable table) =>
        table.Deleted is null ? [(table.File, table.Bytes)] : [(table.File, table.Bytes), (table.Deleted.File, table.Deleted.Bytes)];

    /// <summary>A zip entry that passed <see cref="BundleEntryRules"/>, with the most bytes it may yield.</summary>
    private sealed record ListedEntry(string Name, IArchiveEntry Entry, long MaxBytes);

    /// <summary>What the manifest says one CSV entry holds.</summary>
    internal sealed record EntryExpectation(string File, string Table, long Bytes, string Sha256, long Rows);

    /// <summary>A table's CSV as read from the bundle, counted and hashed against the manifest.</summary>
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
            // Decoder failures arrive as BundleFormatException from the EntryReadStream underneath.
            Content.CopyTo(Stream.Null);

            if (Content.BytesCounted != _table.Bytes)
            {
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleEntryBytes), _bundle, _table.File, Content.BytesCounted, _table.Bytes));
            }

            var hash = Content.FinishHash();
            if (!string.Equals(hash, _table.Sha256, StringComparison.Ordinal))
            {
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleEntryHash), _bundle, _table.File));
            }

            if (rowsRead != _table.Rows)
            {
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.BundleEntryRows), _bundle, _table.File, _table.Table, rowsRead, _table.Rows));
            }
        }

        public void Dispose()
        {
            Content.Dispose();
            _raw.Dispose();
        }
    }
}
