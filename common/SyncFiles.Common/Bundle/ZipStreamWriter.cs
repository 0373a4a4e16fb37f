using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Writes a Zip64 archive (PKWARE APPNOTE 6.3) one entry at a time, each compressed with deflate
/// (method 8, .NET's zlib) or zstd (method 93, native libzstd or SharpCompress's managed encoder:
/// <see cref="BundleCompressionProviders.ZstdEncoder"/>), into a seekable stream (a file) or
/// strictly forward into one that cannot seek (an <see cref="Encryption.EncryptingStream"/>).
/// </summary>
/// <remarks>
/// Replaces SharpCompress's zip writer for bundles, whose byte-at-a-time CRC-32 cost more than the
/// compression itself (docs/performance.md, "Export at COPY speed (issue 16, part 2)" has the
/// figures). Here the CRC is <see cref="Crc32"/> from System.IO.Hashing (vectorized). Every
/// entry carries Zip64 sizes, and the local header is patched with its CRC and sizes once the
/// entry is written, so no data descriptor is needed; the zip64 end records are written only when
/// a 32-bit field overflows, so that zip readers without Zip64 read small bundles too.
/// An output that cannot seek cannot be patched: there each entry sets general-purpose flag bit 3
/// and is followed by a Zip64 data descriptor (signature, CRC, 8-byte sizes) instead, and the
/// central directory, which every reader of a bundle uses, holds the same values as always.
/// </remarks>
internal sealed class ZipStreamWriter : IDisposable
{
    private const ushort VersionZip64 = 45;
    private const ushort VersionZstd = 63;
    private const ushort Utf8Names = 0x0800;
    private const ushort SizesInDataDescriptor = 0x0008;
    private const uint Overflow = uint.MaxValue;

    private readonly Stream _output;
    private readonly bool _forwardOnly;
    private readonly BundleCompression _compression;
    private readonly int _level;
    private readonly bool _nativeZstd;
    private readonly List<CentralEntry> _entries = [];
    private readonly (ushort Time, ushort Date) _modified = DosTime(DateTime.Now);
    private EntryStream? _open;
    private bool _finished;

    /// <param name="output">The zip file, or a stream that cannot seek.</param>
    /// <param name="compression">Deflate or zstd, for every entry.</param>
    /// <param name="level">The method's own level.</param>
    /// <param name="nativeZstd">False to write zstd with the managed encoder even where libzstd loads (tests of the fallback).</param>
    public ZipStreamWriter(Stream output, BundleCompression compression, int level, bool nativeZstd = true)
    {
        _nativeZstd = nativeZstd;
        // Forward only, the writer still needs offsets (for the central directory): it counts them.
        _forwardOnly = !output.CanSeek;
        _output = _forwardOnly ? new PositionCountingStream(output) : output;
        _compression = compression;
        _level = level;
    }

    private ushort Method => _compression == BundleCompression.Zstd ? (ushort)93 : (ushort)8;

    private ushort Flags => _forwardOnly ? (ushort)(Utf8Names | SizesInDataDescriptor) : Utf8Names;

    private ushort VersionNeeded => _compression == BundleCompression.Zstd ? VersionZstd : VersionZip64;

    /// <summary>Starts an entry; write its content, then dispose the stream before the next entry.</summary>
    public Stream OpenEntry(string name)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_open is not null)
        {
            throw new InvalidOperationException("The previous zip entry is still open.");
        }

        var nameBytes = Encoding.UTF8.GetBytes(name);
        var headerOffset = _output.Position;
        Span<byte> header = stackalloc byte[30 + 20];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Method);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], _modified.Time);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], _modified.Date);

        // CRC (14) patched later; both sizes live in the Zip64 extra field, patched later too.
        // Forward only, they stay zero here and follow the data in its descriptor.
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], Overflow);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], Overflow);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], checked((ushort)nameBytes.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], 20);
        _output.Write(header[..30]);
        _output.Write(nameBytes);

        // Zip64 extra field: tag 1, 16 bytes, uncompressed then compressed size.
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], 0x0001);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 16);
        header[34..].Clear();
        _output.Write(header[30..]);

        var dataOffset = _output.Position;
        _open = new EntryStream(this, nameBytes, headerOffset, dataOffset, Compressor());
        return _open;
    }

    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        if (_open is not null)
        {
            // An entry left open means the writer failed part way: the file is discarded, not finished.
            return;
        }

        WriteCentralDirectory();
        _output.Flush();
    }

    private static (ushort Time, ushort Date) DosTime(DateTime time)
    {
        var clamped = time.Year < 1980 ? new DateTime(1980, 1, 1) : time;
        return (
            (ushort)((clamped.Hour << 11) | (clamped.Minute << 5) | (clamped.Second / 2)),
            (ushort)(((clamped.Year - 1980) << 9) | (clamped.Month << 5) | clamped.Day));
    }

    private Stream Compressor() => _compression switch
    {
        BundleCompression.Deflate => new DeflateStream(_output, new ZLibCompressionOptions { CompressionLevel = _level }, leaveOpen: true),
        BundleCompression.Zstd => BundleCompressionProviders.ZstdEncoder(_output, _level, _nativeZstd),
        _ => throw new ArgumentOutOfRangeException(nameof(_compression), _compression, null),
    };

    private void Close(EntryStream entry, uint crc, long uncompressed)
    {
        if (_compression == BundleCompression.Deflate && _output.Position == entry.DataOffset)
        {
            // zlib writes nothing for an empty input, which is not a deflate stream: write the
            // empty final block that other zip readers (unzip) expect.
            _output.Write([0x03, 0x00]);
        }

        var end = _output.Position;
        var compressed = end - entry.DataOffset;
        if (_forwardOnly)
        {
            // Zip64 data descriptor: the local header had the Zip64 extra field, so the sizes are 8 bytes each.
            Span<byte> descriptor = stackalloc byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor, 0x08074b50);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor[4..], crc);
            BinaryPrimitives.WriteInt64LittleEndian(descriptor[8..], compressed);
            BinaryPrimitives.WriteInt64LittleEndian(descriptor[16..], uncompressed);
            _output.Write(descriptor);
            _entries.Add(new CentralEntry(entry.Name, entry.HeaderOffset, crc, compressed, uncompressed));
            _open = null;
            return;
        }

        Span<byte> patch = stackalloc byte[16];
        _output.Position = entry.HeaderOffset + 14;
        BinaryPrimitives.WriteUInt32LittleEndian(patch, crc);
        _output.Write(patch[..4]);
        _output.Position = entry.HeaderOffset + 30 + entry.Name.Length + 4;
        BinaryPrimitives.WriteInt64LittleEndian(patch, uncompressed);
        BinaryPrimitives.WriteInt64LittleEndian(patch[8..], compressed);
        _output.Write(patch);
        _output.Position = end;
        _entries.Add(new CentralEntry(entry.Name, entry.HeaderOffset, crc, compressed, uncompressed));
        _open = null;
    }

    private void WriteCentralDirectory()
    {
        var start = _output.Position;
        Span<byte> header = stackalloc byte[46 + 28];
        foreach (var entry in _entries)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(header[10..], Method);
            BinaryPrimitives.WriteUInt16LittleEndian(header[12..], _modified.Time);
            BinaryPrimitives.WriteUInt16LittleEndian(header[14..], _modified.Date);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], entry.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], Overflow);
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], Overflow);
            // The offset goes into the Zip64 field only when it overflows: with the sizes alone the
            // field has the local header's length, which unzip expects.
            var offsetOverflows = entry.HeaderOffset >= Overflow;
            var extraLength = offsetOverflows ? 28 : 20;
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], checked((ushort)entry.Name.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(header[30..], (ushort)extraLength);
            header[32..42].Clear(); // comment length, disk number, internal and external attributes
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], offsetOverflows ? Overflow : (uint)entry.HeaderOffset);
            _output.Write(header[..46]);
            _output.Write(entry.Name);

            // Zip64 extra field: uncompressed size, compressed size, then the local header offset if needed.
            BinaryPrimitives.WriteUInt16LittleEndian(header[46..], 0x0001);
            BinaryPrimitives.WriteUInt16LittleEndian(header[48..], (ushort)(extraLength - 4));
            BinaryPrimitives.WriteInt64LittleEndian(header[50..], entry.Uncompressed);
            BinaryPrimitives.WriteInt64LittleEndian(header[58..], entry.Compressed);
            BinaryPrimitives.WriteInt64LittleEndian(header[66..], entry.HeaderOffset);
            _output.Write(header.Slice(46, extraLength));
        }

        var end = _output.Position;
        var size = end - start;
        var needsZip64 = _entries.Count >= ushort.MaxValue || size >= Overflow || start >= Overflow;
        Span<byte> record = stackalloc byte[56 + 20];
        if (needsZip64)
        {
            // Zip64 end of central directory record, then its locator.
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
            BinaryPrimitives.WriteInt64LittleEndian(record[4..], 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record[12..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(record[14..], VersionNeeded);
            BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(record[24..], _entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record[32..], _entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(record[40..], size);
            BinaryPrimitives.WriteInt64LittleEndian(record[48..], start);
            BinaryPrimitives.WriteUInt32LittleEndian(record[56..], 0x07064b50);
            BinaryPrimitives.WriteUInt32LittleEndian(record[60..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(record[64..], end);
            BinaryPrimitives.WriteUInt32LittleEndian(record[72..], 1);
            _output.Write(record);
        }

        Span<byte> last = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(last, 0x06054b50);
        BinaryPrimitives.WriteUInt32LittleEndian(last[4..], 0); // this disk, disk of the directory
        var count = (ushort)Math.Min(_entries.Count, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(last[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(last[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(last[12..], (uint)Math.Min(size, Overflow));
        BinaryPrimitives.WriteUInt32LittleEndian(last[16..], (uint)Math.Min(start, Overflow));
        BinaryPrimitives.WriteUInt16LittleEndian(last[20..], 0);
        _output.Write(last);
    }

    /// <summary>Passes writes on to an output that cannot seek, counting them: the zip's offsets.</summary>
    private sealed class PositionCountingStream(Stream output) : Stream
    {
        private long _position;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _position;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            output.Write(buffer);
            _position += buffer.Length;
        }

        public override void WriteByte(byte value) => Write([value]);

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed record CentralEntry(byte[] Name, long HeaderOffset, uint Crc, long Compressed, long Uncompressed);

    /// <summary>One entry's content: CRC-32 and length of what is written, compressed into the zip.</summary>
    private sealed class EntryStream : Stream
    {
        private readonly ZipStreamWriter _zip;
        private readonly Stream _compressor;
        private readonly Crc32 _crc = new();
        private long _length;
        private bool _closed;

        public EntryStream(ZipStreamWriter zip, byte[] name, long headerOffset, long dataOffset, Stream compressor)
        {
            _zip = zip;
            Name = name;
            HeaderOffset = headerOffset;
            DataOffset = dataOffset;
            _compressor = compressor;
        }

        public byte[] Name { get; }

        public long HeaderOffset { get; }

        public long DataOffset { get; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !_closed;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _crc.Append(buffer);
            _length += buffer.Length;
            _compressor.Write(buffer);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;

                // Ends the deflate stream or zstd frame; only then is the compressed size known.
                _compressor.Dispose();
                _zip.Close(this, _crc.GetCurrentHashAsUInt32(), _length);
            }

            base.Dispose(disposing);
        }
    }
}
