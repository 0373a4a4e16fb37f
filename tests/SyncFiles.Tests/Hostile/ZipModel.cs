using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// A zip file as a list of entries whose every header field can be set, so a test can build the
/// exact bytes of a malformed or lying archive: parse a real bundle, change what the attacker
/// would change, write it back. Only what bundles use is modelled (no data descriptors, no
/// encryption headers, one disk).
/// </summary>
public sealed class ZipModel
{
    public const ushort Stored = 0;
    public const ushort Deflate = 8;
    public const ushort Zstd = 93;

    public List<ZipModelEntry> Entries { get; } = [];

    /// <summary>Write the end-of-central-directory in its Zip64 form (record, locator, then 0xFFFF... in the classic record).</summary>
    public bool Zip64End { get; set; }

    /// <summary>Lies told by the end records; null writes the truth.</summary>
    public long? EndEntryCount { get; set; }

    public long? EndDirectorySize { get; set; }

    public long? EndDirectoryOffset { get; set; }

    /// <summary>The Zip64 end record's own "size of this record" field (normally 44).</summary>
    public ulong? Zip64EndRecordSize { get; set; }

    /// <summary>Bytes written between the last entry's data and the central directory.</summary>
    public byte[] Gap { get; set; } = [];

    public ZipModelEntry this[string name] => Entries.Single(e => e.Name == name);

    public static ZipModel Parse(byte[] zip)
    {
        var model = new ZipModel();
        var end = FindEnd(zip);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        if (directoryOffset == uint.MaxValue || count == ushort.MaxValue)
        {
            var locator = end - 20;
            var record = (int)BinaryPrimitives.ReadInt64LittleEndian(zip.AsSpan(locator + 8));
            count = BinaryPrimitives.ReadInt64LittleEndian(zip.AsSpan(record + 32));
            directoryOffset = BinaryPrimitives.ReadInt64LittleEndian(zip.AsSpan(record + 48));
            model.Zip64End = true;
        }

        var at = (int)directoryOffset;
        for (var i = 0; i < count; i++)
        {
            var header = zip.AsSpan(at);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != 0x02014b50)
            {
                throw new InvalidDataException($"no central directory header at {at}");
            }

            var entry = new ZipModelEntry
            {
                VersionMadeBy = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]),
                Flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]),
                Method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]),
                Crc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]),
                ExternalAttributes = BinaryPrimitives.ReadUInt32LittleEndian(header[38..]),
            };
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            entry.NameBytes = header.Slice(46, nameLength).ToArray();
            var extra = header.Slice(46 + nameLength, extraLength);
            entry.Zip64 = ReadZip64(extra, ref size, ref compressed, ref offset);
            entry.UncompressedSize = size;
            var local = zip.AsSpan((int)offset);
            var dataStart = (int)offset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
            entry.Data = zip.AsSpan(dataStart, (int)compressed).ToArray();
            model.Entries.Add(entry);
            at += 46 + nameLength + extraLength + commentLength;
        }

        return model;
    }

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        var offsets = new List<long>();
        foreach (var entry in Entries)
        {
            offsets.Add(output.Position);
            WriteLocal(output, entry);
        }

        output.Write(Gap);
        var directoryStart = output.Position;
        for (var i = 0; i < Entries.Count; i++)
        {
            WriteCentral(output, Entries[i], Entries[i].LocalHeaderOffset ?? offsets[i]);
        }

        var directorySize = output.Position - directoryStart;
        var count = EndEntryCount ?? Entries.Count;
        var size = EndDirectorySize ?? directorySize;
        var offset = EndDirectoryOffset ?? directoryStart;
        if (Zip64End)
        {
            var recordStart = output.Position;
            var record = new byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), Zip64EndRecordSize ?? 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(24), count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(32), count);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(40), size);
            BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(48), offset);
            output.Write(record);
            var locator = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
            BinaryPrimitives.WriteInt64LittleEndian(locator.AsSpan(8), recordStart);
            BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
            output.Write(locator);
        }

        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        var count16 = Zip64End ? ushort.MaxValue : (ushort)count;
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), count16);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), count16);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), Zip64End ? uint.MaxValue : (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), Zip64End ? uint.MaxValue : (uint)offset);
        output.Write(end);
        return output.ToArray();
    }

    /// <summary>Raw deflate of <paramref name="content"/>, as zip method 8 stores it.</summary>
    public static byte[] DeflateBytes(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }

        return buffer.ToArray();
    }

    /// <summary>CRC-32 (IEEE) of <paramref name="content"/>, as zip headers carry it.</summary>
    public static uint Crc32(ReadOnlySpan<byte> content)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in content)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        }

        return c;
    }).ToArray();

    private static int FindEnd(byte[] zip)
    {
        for (var i = zip.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == 0x06054b50)
            {
                return i;
            }
        }

        throw new InvalidDataException("no end of central directory record");
    }

    private static bool ReadZip64(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var data = extra.Slice(4, length);
            if (id == 1)
            {
                var at = 0;
                if (size == uint.MaxValue)
                {
                    size = BinaryPrimitives.ReadInt64LittleEndian(data[at..]);
                    at += 8;
                }

                if (compressed == uint.MaxValue)
                {
                    compressed = BinaryPrimitives.ReadInt64LittleEndian(data[at..]);
                    at += 8;
                }

                if (offset == uint.MaxValue)
                {
                    offset = BinaryPrimitives.ReadInt64LittleEndian(data[at..]);
                }

                return true;
            }

            extra = extra[(4 + length)..];
        }

        return false;
    }

    private static void WriteLocal(Stream output, ZipModelEntry entry)
    {
        var compressed = entry.LocalCompressedSize ?? entry.Data.Length;
        var size = entry.LocalUncompressedSize ?? entry.UncompressedSize;
        var extra = entry.LocalExtra ?? (entry.Zip64 ? Zip64Extra(size, compressed, null) : []);
        var header = new byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), entry.Zip64 ? (ushort)45 : (ushort)20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 0x21);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), entry.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), entry.Zip64 ? uint.MaxValue : (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), entry.Zip64 ? uint.MaxValue : (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)entry.NameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)extra.Length);
        output.Write(header);
        output.Write(entry.NameBytes);
        output.Write(extra);
        output.Write(entry.Data);
    }

    private static void WriteCentral(Stream output, ZipModelEntry entry, long offset)
    {
        var compressed = entry.CentralCompressedSize ?? entry.Data.Length;
        var size = entry.CentralUncompressedSize ?? entry.UncompressedSize;
        var extra = entry.CentralExtra ?? (entry.Zip64 ? Zip64Extra(size, compressed, offset) : []);
        var header = new byte[46];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), entry.VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), entry.Zip64 ? (ushort)45 : (ushort)20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), entry.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 0x21);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), entry.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), entry.Zip64 ? uint.MaxValue : (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), entry.Zip64 ? uint.MaxValue : (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)entry.NameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), (ushort)extra.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(38), entry.ExternalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), entry.Zip64 ? uint.MaxValue : (uint)offset);
        output.Write(header);
        output.Write(entry.NameBytes);
        output.Write(extra);
    }

    private static byte[] Zip64Extra(long size, long compressed, long? offset)
    {
        var extra = new byte[offset is null ? 20 : 28];
        BinaryPrimitives.WriteUInt16LittleEndian(extra, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), (ushort)(extra.Length - 4));
        BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(4), size);
        BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(12), compressed);
        if (offset is long at)
        {
            BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(20), at);
        }

        return extra;
    }
}

/// <summary>One entry of a <see cref="ZipModel"/>: the truth, plus optional lies per header.</summary>
public sealed class ZipModelEntry
{
    public byte[] NameBytes { get; set; } = [];

    public string Name
    {
        get => Encoding.UTF8.GetString(NameBytes);
        set => NameBytes = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Host 3 (Unix) in the high byte, spec version 6.3 in the low one.</summary>
    public ushort VersionMadeBy { get; set; } = 0x033F;

    public ushort Flags { get; set; }

    public ushort Method { get; set; } = ZipModel.Deflate;

    public uint Crc { get; set; }

    public long UncompressedSize { get; set; }

    /// <summary>The entry's bytes as stored (compressed).</summary>
    public byte[] Data { get; set; } = [];

    /// <summary>Unix mode in the high 16 bits, MS-DOS attributes in the low ones.</summary>
    public uint ExternalAttributes { get; set; } = 0x81A40000;

    /// <summary>Sizes (and, in the directory, the offset) in a Zip64 extra field, as bundles are written.</summary>
    public bool Zip64 { get; set; }

    public long? LocalCompressedSize { get; set; }

    public long? LocalUncompressedSize { get; set; }

    public long? CentralCompressedSize { get; set; }

    public long? CentralUncompressedSize { get; set; }

    public long? LocalHeaderOffset { get; set; }

    public byte[]? LocalExtra { get; set; }

    public byte[]? CentralExtra { get; set; }

    /// <summary>A deflated entry holding <paramref name="content"/>, with true sizes and CRC.</summary>
    public static ZipModelEntry Deflated(string name, byte[] content) => new()
    {
        Name = name,
        Method = ZipModel.Deflate,
        Data = ZipModel.DeflateBytes(content),
        UncompressedSize = content.Length,
        Crc = ZipModel.Crc32(content),
    };

    /// <summary>A stored (uncompressed) entry holding <paramref name="content"/>.</summary>
    public static ZipModelEntry StoredEntry(string name, byte[] content) => new()
    {
        Name = name,
        Method = ZipModel.Stored,
        Data = content,
        UncompressedSize = content.Length,
        Crc = ZipModel.Crc32(content),
    };

    public ZipModelEntry Clone() => (ZipModelEntry)MemberwiseClone();
}
