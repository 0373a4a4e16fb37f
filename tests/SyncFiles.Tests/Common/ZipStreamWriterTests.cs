using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Tests.Common;

/// <summary>
/// The bundle's own zip writer read back by other zip readers: .NET's ZipArchive (what Windows
/// tools build on) and unzip for deflate, SharpCompress (the importer's reader) and bsdtar for
/// zstd, including the Zip64 end records of an archive with more than 65,535 entries.
/// </summary>
public sealed class ZipStreamWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("syncfiles-zip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(BundleCompression.Deflate, 1)]
    [InlineData(BundleCompression.Deflate, 9)]
    [InlineData(BundleCompression.Zstd, 1)]
    [InlineData(BundleCompression.Zstd, 19)]
    public void Every_entry_reads_back_whole_with_its_crc_and_size(BundleCompression compression, int level) =>
        ReadsBackWhole(compression, level, forwardOnly: false);

    [Theory]
    [InlineData(BundleCompression.Deflate, 1)]
    [InlineData(BundleCompression.Zstd, 1)]
    public void Written_strictly_forward_every_entry_reads_back_whole_with_its_crc_and_size(BundleCompression compression, int level) =>
        ReadsBackWhole(compression, level, forwardOnly: true);

    [Fact]
    public void Written_strictly_forward_each_entry_sets_bit_3_and_is_followed_by_a_zip64_data_descriptor()
    {
        var content = Encoding.ASCII.GetBytes("id,name\n1,Dupont\n");
        var path = Write(BundleCompression.Deflate, 6, new Dictionary<string, byte[]> { ["tables/a.csv"] = content }, forwardOnly: true);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(0x0808, BitConverter.ToUInt16(bytes, 6));
        var descriptor = bytes.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x07, 0x08 });
        Assert.True(descriptor > 30);
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(content), BitConverter.ToUInt32(bytes, descriptor + 4));
        Assert.Equal(descriptor - (30 + "tables/a.csv".Length + 20), BitConverter.ToInt64(bytes, descriptor + 8));
        Assert.Equal(content.Length, BitConverter.ToInt64(bytes, descriptor + 16));
    }

    [Fact]
    public void Written_to_a_file_the_sizes_are_patched_into_the_local_header_as_before()
    {
        var path = Write(BundleCompression.Deflate, 6, new Dictionary<string, byte[]> { ["tables/a.csv"] = [1, 2, 3] });
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(0x0800, BitConverter.ToUInt16(bytes, 6));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x07, 0x08 }));
        Assert.Equal(3L, BitConverter.ToInt64(bytes, 30 + "tables/a.csv".Length + 4));
    }

    private void ReadsBackWhole(BundleCompression compression, int level, bool forwardOnly)
    {
        var entries = SampleEntries();
        var path = Write(compression, level, entries, forwardOnly);

        using var archive = SharpCompress.Archives.Zip.ZipArchive.OpenArchive(path, new SharpCompress.Readers.ReaderOptions());
        var read = archive.Entries.ToList();
        Assert.Equal(entries.Keys, read.Select(e => e.Key));
        foreach (var entry in read)
        {
            using var content = new MemoryStream();
            using (var stream = entry.OpenEntryStream())
            {
                stream.CopyTo(content);
            }

            Assert.Equal(entries[entry.Key!], content.ToArray());
            Assert.Equal(entries[entry.Key!].LongLength, entry.Size);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(entries[entry.Key!]), (uint)entry.Crc);
        }

        if (compression == BundleCompression.Deflate)
        {
            using var system = ZipFile.OpenRead(path);
            Assert.Equal(entries.Keys, system.Entries.Select(e => e.FullName));
            foreach (var entry in system.Entries)
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(content);
                }

                Assert.Equal(entries[entry.FullName], content.ToArray());
                Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(entries[entry.FullName]), entry.Crc32);
            }

            Assert.Equal(0, RunTool("unzip", "-tqq", path));
        }
        else
        {
            foreach (var (name, content) in entries)
            {
                Assert.Equal(content, ToolOutput("bsdtar", "-xOf", path, name));
            }
        }
    }

    [Fact]
    public void More_entries_than_a_classic_zip_can_count_get_the_zip64_end_records()
    {
        var entries = Enumerable.Range(0, 66_000).ToDictionary(i => $"tables/t{i}.csv", i => Encoding.ASCII.GetBytes($"id\n{i}\n"));
        var path = Write(BundleCompression.Deflate, 1, entries);

        using var system = ZipFile.OpenRead(path);
        Assert.Equal(66_000, system.Entries.Count);
        using var reader = new StreamReader(system.GetEntry("tables/t65999.csv")!.Open());
        Assert.Equal("id\n65999\n", reader.ReadToEnd());
        using var archive = SharpCompress.Archives.Zip.ZipArchive.OpenArchive(path, new SharpCompress.Readers.ReaderOptions());
        Assert.Equal(66_000, archive.Entries.Count());
    }

    private static Dictionary<string, byte[]> SampleEntries()
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            text.Append(i).Append(",libellé ").Append(random.Next()).Append(",\"a, b\"\n");
        }

        var noise = new byte[300_000];
        random.NextBytes(noise);
        return new Dictionary<string, byte[]>
        {
            ["tables/empty.csv"] = [],
            ["tables/factures.csv"] = Encoding.UTF8.GetBytes(text.ToString()),
            ["tables/noise.bin"] = noise,
            ["manifest.json"] = Encoding.UTF8.GetBytes("{\"formatVersion\": 1}"),
        };
    }

    private static int RunTool(string tool, params string[] arguments)
    {
        using var process = Start(tool, arguments);
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static byte[] ToolOutput(string tool, params string[] arguments)
    {
        using var process = Start(tool, arguments);
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    private static Process Start(string tool, string[] arguments)
    {
        if (!File.Exists("/usr/bin/" + tool))
        {
            Assert.Skip($"{tool} is not installed (Debian: apt-get install {(tool == "bsdtar" ? "libarchive-tools" : tool)}).");
        }

        var start = new ProcessStartInfo("/usr/bin/" + tool) { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private string Write(BundleCompression compression, int level, Dictionary<string, byte[]> entries, bool forwardOnly = false)
    {
        var path = Path.Combine(_folder, $"{compression}-{level}-{entries.Count}-{(forwardOnly ? "forward" : "seekable")}.zip");
        using var file = new FileStream(path, FileMode.CreateNew);
        using var output = forwardOnly ? new ForwardOnly(file) : (Stream)file;
        using (var zip = new ZipStreamWriter(output, compression, level))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.OpenEntry(name);

                // In pieces, as the CSV writer hands them over.
                for (var offset = 0; offset < content.Length; offset += 100_000)
                {
                    entry.Write(content, offset, Math.Min(100_000, content.Length - offset));
                }
            }
        }

        return path;
    }

    /// <summary>A file that pretends it cannot seek, as an encrypting stream cannot: any seek would throw.</summary>
    private sealed class ForwardOnly(Stream file) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);

        public override void Flush() => file.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
