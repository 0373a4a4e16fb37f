using System.Text;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Inputs that crashed, hung or exhausted memory in the zip and decompression libraries (issue
/// numbers cite their trackers), rebuilt byte by byte. Whatever the library does with them today,
/// the bundle reader must end in a <see cref="BundleFormatException"/> naming the bundle (or, for
/// a harmless damage, read exactly the original content) and never in any other exception.
/// </summary>
public sealed class KnownCrashInputTests
{
    private static readonly byte[] Original = HostileBundles.Shop();

    private static string Refused(byte[] bundle) => HostileBundles.Refusal(bundle);

    private static string Refused(Action<ZipModel> damage)
    {
        var model = ZipModel.Parse(Original);
        damage(model);
        return Refused(model.ToBytes());
    }

    /// <summary>Either refused as above, or read successfully with exactly the original tables.</summary>
    private static void RefusedOrIntact(Action<ZipModel> damage)
    {
        var model = ZipModel.Parse(Original);
        damage(model);
        var bundle = model.ToBytes();
        var ex = Record.Exception(() => HostileBundles.Verify(bundle));
        if (ex is null)
        {
            Assert.Equal(HostileBundles.ManifestText(Original), HostileBundles.ManifestText(bundle));
            return;
        }

        Assert.True(ex is BundleFormatException, $"expected a BundleFormatException, got {ex}");
    }

    [Fact]
    public void Sharpcompress_430_a_zip64_end_record_claiming_two_gigabytes_is_refused_without_allocating_them()
    {
        // #430: Zip64DirectoryEndHeader.Read allocated the record's declared size (OutOfMemoryException).
        var message = Refused(m =>
        {
            m.Zip64End = true;
            m.Zip64EndRecordSize = 0x7FFF_FFFF;
        });

        Assert.Matches("^AG01-00000007.zip: (not a readable zip file|the zip directory cannot be read)", message);
    }

    [Fact]
    public void A_zip64_end_record_that_is_too_short_or_points_before_the_file_is_refused()
    {
        Refused(m =>
        {
            m.Zip64End = true;
            m.Zip64EndRecordSize = 10;
        });
        Refused(m =>
        {
            m.Zip64End = true;
            m.EndDirectoryOffset = -1;
        });
    }

    [Fact]
    public void Sharpcompress_431_a_central_directory_cut_in_the_middle_of_a_header_is_refused()
    {
        // #431: enumerating the entries of a damaged directory threw NullReferenceException.
        var bytes = ZipModel.Parse(Original).ToBytes();
        var end = bytes.Length - 22;
        var directory = BitConverter.ToInt32(bytes, end + 16);
        for (var cut = directory + 1; cut < end; cut += 7)
        {
            var damaged = bytes.Take(cut).Concat(bytes.Skip(end)).ToArray();
            Refused(damaged);
        }
    }

    [Fact]
    public void Sharpcompress_194_a_local_header_offset_past_the_end_of_the_file_is_refused()
    {
        // #194: a bad local header offset surfaced as ArgumentOutOfRangeException from a seek.
        var message = Refused(m => m["tables/familles.csv"].LocalHeaderOffset = 1_000_000);

        Assert.Contains("AG01-00000007.zip: tables/familles.csv cannot be opened (truncated or damaged?)", message, StringComparison.Ordinal);
        Refused(m =>
        {
            var entry = m["tables/familles.csv"];
            entry.Zip64 = true;
            entry.LocalHeaderOffset = long.MaxValue - 10;
        });
    }

    [Fact]
    public void Sharpcompress_463_a_file_cut_short_anywhere_is_refused()
    {
        // #463: a truncated zip surfaced as EndOfStreamException, an IOException the importer
        // would have taken for a disk error and retried forever.
        for (var keep = 0; keep < Original.Length; keep += 13)
        {
            Refused(Original[..keep]);
        }
    }

    [Fact]
    public void Negative_sizes_in_a_zip64_extra_field_are_refused()
    {
        Assert.Contains("declares a negative size", Refused(m =>
        {
            var entry = m["tables/familles.csv"];
            entry.Zip64 = true;
            entry.CentralCompressedSize = -5;
        }), StringComparison.Ordinal);
        Assert.Contains("declares a negative size", Refused(m =>
        {
            var entry = m["tables/familles.csv"];
            entry.Zip64 = true;
            entry.CentralUncompressedSize = -5;
        }), StringComparison.Ordinal);
    }

    [Fact]
    public void Sharpcompress_566_595_zip64_extra_fields_that_lie_about_their_length_are_refused()
    {
        // #566, #595: the Zip64 extra field was parsed by its length rather than by which sizes
        // the header marks as 0xFFFFFFFF; a short or overlong field gave wrong sizes.
        Refused(m =>
        {
            var entry = m["tables/familles.csv"];
            entry.Zip64 = true;
            entry.CentralExtra = [1, 0, 4, 0, 1, 2, 3, 4];
        });
        Refused(m =>
        {
            var entry = m["tables/familles.csv"];
            entry.Zip64 = true;
            entry.CentralExtra = [1, 0, 200, 0, 1, 2, 3, 4];
        });
    }

    [Fact]
    public void A_zero_length_central_directory_or_one_that_points_into_the_data_is_refused()
    {
        Assert.Contains("has no manifest.json", Refused(m =>
        {
            m.Entries.Clear();
            m.Gap = Original;
        }), StringComparison.Ordinal);
        Refused(m => m.EndDirectoryOffset = 5);
        Refused(m => m.EndDirectoryOffset = 4_000_000_000);
    }

    [Fact]
    public void End_records_that_lie_about_the_entry_count_or_directory_size_are_refused_or_harmless()
    {
        RefusedOrIntact(m => m.EndEntryCount = 0);
        RefusedOrIntact(m => m.EndEntryCount = 60_000);
        RefusedOrIntact(m => m.EndDirectorySize = 0);
        RefusedOrIntact(m => m.EndDirectorySize = 1);
    }

    [Fact]
    public void A_compressed_size_that_is_wrong_is_refused_or_harmless()
    {
        // Too small may cut the deflate stream short (the reader then sees too few bytes); too large
        // runs into the next header, which a self-terminating deflate stream never reads; the
        // local header's copy is not the one the reader goes by.
        RefusedOrIntact(m => m["tables/familles.csv"].CentralCompressedSize = 3);
        RefusedOrIntact(m =>
        {
            m["tables/familles.csv"].CentralCompressedSize = 3;
            m["tables/familles.csv"].LocalCompressedSize = 3;
        });
        RefusedOrIntact(m => m["tables/familles.csv"].CentralCompressedSize = m["tables/familles.csv"].Data.Length + 30);
        RefusedOrIntact(m => m["tables/familles.csv"].LocalCompressedSize = 2_000_000_000);
    }

    [Fact]
    public void Two_directory_entries_pointing_at_the_same_data_are_refused()
    {
        // Overlapping entries: the trick of David Fifield's non-recursive zip bomb (many directory
        // entries sharing one highly compressed kernel).
        var bytes = Original;
        var model = ZipModel.Parse(bytes);
        var writtenOffsets = Offsets(model);
        model["tables/familles.csv"].LocalHeaderOffset = writtenOffsets["manifest.json"];

        Refused(model.ToBytes());
    }

    [Fact]
    public void Garbage_in_place_of_deflate_or_zstd_data_is_refused_naming_the_entry()
    {
        var noise = Enumerable.Range(0, 500).Select(i => (byte)((i * 37) ^ (i >> 3))).ToArray();

        var deflate = Refused(m => m["tables/familles.csv"].Data = noise);
        var zstd = HostileBundles.Refusal(Damage(HostileBundles.Shop(BundleCompression.Zstd), m => m["tables/familles.csv"].Data = noise));
        var zstdCut = HostileBundles.Refusal(Damage(HostileBundles.Shop(BundleCompression.Zstd), m => m["tables/familles.csv"].Data = [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0]));

        Assert.Contains("AG01-00000007.zip: tables/familles.csv", deflate, StringComparison.Ordinal);
        Assert.Contains("AG01-00000007.zip: tables/familles.csv cannot be decompressed", zstd, StringComparison.Ordinal);
        Assert.Contains("AG01-00000007.zip: tables/familles.csv", zstdCut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xF8)] // window descriptor: 2^41 bytes
    [InlineData(0xA0)] // 2^30 bytes, beyond the decoder's default 2^27 limit
    public void A_zstd_frame_demanding_a_huge_window_is_refused_without_allocating_it(byte windowDescriptor)
    {
        // Magic, frame header descriptor (no single segment, no checksum, no dictionary, no
        // content size), the window descriptor, then one raw last block of 5 bytes.
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x00, windowDescriptor, 0x29, 0x00, 0x00, (byte)'i', (byte)'d', (byte)'\n', (byte)'1', (byte)'\n'];
        var bundle = Damage(HostileBundles.Shop(BundleCompression.Zstd), m => m["tables/familles.csv"].Data = frame);

        var ex = Record.Exception(() => HostileBundles.Verify(bundle));

        Assert.True(ex is BundleFormatException, $"expected a BundleFormatException, got {ex}");
    }

    [Fact]
    public void Sharpcompress_1270_its_31_byte_reduce_bomb_is_not_a_bundle()
    {
        // #1270 (1): a lone local header with method 2 (Reduce) expanded 31 bytes to 384 MB in the
        // streaming reader. Bundles are read through the central directory, and Reduce is refused.
        var payload = Convert.FromHexString("504b03040a000000020000000200f7ff0500f7ff05ff200600180700000000");

        Assert.Matches("^AG01-00000007.zip: (not a readable zip file|the zip directory cannot be read)", Refused(payload));
    }

    [Fact]
    public void Sharpcompress_842_bzip2_bytes_that_hung_the_reader_are_not_a_bundle()
    {
        // #842: these 11 bytes made ReaderFactory.Open spin forever in the BZip2 decoder.
        Refused([0x42, 0x5a, 0x68, 0x34, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x35]);
    }

    [Fact]
    public void Files_that_are_not_zips_at_all_are_refused()
    {
        Refused([]);
        Refused(Encoding.UTF8.GetBytes("id,name\n1,a\n"));
        Refused(Enumerable.Range(0, 1000).Select(i => (byte)((i * 131) + 7)).ToArray());
        Assert.Contains("has no manifest.json", Refused([0x50, 0x4b, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_error_of_the_file_itself_stays_an_io_error_to_be_retried()
    {
        // Not the bundle's fault: the importer leaves the file in the inbox for the next run.
        using var failing = new FailingStream(Original, failAfter: Original.Length - 100);

        var ex = Record.Exception(() => BundleReader.Open(failing, HostileBundles.Name));

        Assert.IsAssignableFrom<IOException>(ex);
        Assert.IsNotType<BundleFormatException>(ex);
    }

    private static byte[] Damage(byte[] bundle, Action<ZipModel> damage)
    {
        var model = ZipModel.Parse(bundle);
        damage(model);
        return model.ToBytes();
    }

    /// <summary>Where <see cref="ZipModel.ToBytes"/> puts each entry's local header (headers are 30 bytes plus name and extra).</summary>
    private static Dictionary<string, long> Offsets(ZipModel model)
    {
        var offsets = new Dictionary<string, long>();
        long at = 0;
        foreach (var entry in model.Entries)
        {
            offsets[entry.Name] = at;
            at += 30 + entry.NameBytes.Length + (entry.Zip64 ? 20 : 0) + entry.Data.Length;
        }

        return offsets;
    }

    /// <summary>A seekable stream whose reads fail, as a disk or a network share can, once past a position.</summary>
    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Position + buffer.Length > failAfter)
            {
                throw new IOException("The specified network name is no longer available.");
            }

            return base.Read(buffer);
        }
    }
}
