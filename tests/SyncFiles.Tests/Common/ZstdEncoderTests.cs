using System.Diagnostics;
using System.Text;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Tests.Common;

/// <summary>
/// zstd entries are written by the native libzstd that ships with the program, or by the managed
/// encoder where that library does not load; both must give entries that SharpCompress (the
/// importer's reader) and bsdtar read back byte for byte.
/// </summary>
public sealed class ZstdEncoderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("syncfiles-zstd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_native_zstd_library_shipped_for_this_platform_loads()
    {
        Assert.True(BundleCompressionProviders.NativeZstdAvailable, "libzstd from the ZstdNet package did not load: zstd bundles fall back to the slower managed encoder.");
    }

    [Fact]
    public void A_zstd_library_that_cannot_be_loaded_is_reported_as_missing_instead_of_failing()
    {
        Assert.False(BundleCompressionProviders.NativeZstdLoads("libzstd-not-shipped-anywhere"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Native_and_managed_zstd_entries_read_back_whole_with_sharpcompress_and_bsdtar(bool native, bool forwardOnly)
    {
        var content = SampleCsv();
        var path = Path.Combine(_folder, $"{native}-{forwardOnly}.zip");
        using (var file = new FileStream(path, FileMode.CreateNew))
        using (var output = forwardOnly ? new BufferedStream(new NonSeekable(file)) : (Stream)file)
        {
            using var zip = new ZipStreamWriter(output, BundleCompression.Zstd, 1, nativeZstd: native);
            using (var entry = zip.OpenEntry("tables/lignes.csv"))
            {
                for (var offset = 0; offset < content.Length; offset += 128 * 1024)
                {
                    entry.Write(content, offset, Math.Min(128 * 1024, content.Length - offset));
                }
            }

            using (var empty = zip.OpenEntry("tables/empty.csv"))
            {
            }
        }

        using (var archive = SharpCompress.Archives.Zip.ZipArchive.OpenArchive(path, new SharpCompress.Readers.ReaderOptions()))
        {
            var entries = archive.Entries.ToDictionary(e => e.Key!);
            Assert.Equal(content, ReadAll(entries["tables/lignes.csv"]));
            Assert.Empty(ReadAll(entries["tables/empty.csv"]));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(content), (uint)entries["tables/lignes.csv"].Crc);
        }

        if (File.Exists("/usr/bin/bsdtar"))
        {
            Assert.Equal(content, Bsdtar(path, "tables/lignes.csv"));
        }
    }

    private static byte[] ReadAll(SharpCompress.Archives.IArchiveEntry entry)
    {
        using var content = new MemoryStream();
        using (var stream = entry.OpenEntryStream())
        {
            stream.CopyTo(content);
        }

        return content.ToArray();
    }

    private static byte[] Bsdtar(string path, string name)
    {
        var start = new ProcessStartInfo("/usr/bin/bsdtar") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-xOf", path, name })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    private static byte[] SampleCsv()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 40_000; i++)
        {
            text.Append(i).Append(',').Append(i / 12).Append(",Article ").Append(i * 7919 % 50000)
                .Append(" été,12.500,").Append(i % 977).Append(".25,2025-01-01T00:00:00.").Append(i % 1000).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A file that cannot seek, as an encrypting stream cannot.</summary>
    private sealed class NonSeekable(Stream file) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => file.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);
    }
}
