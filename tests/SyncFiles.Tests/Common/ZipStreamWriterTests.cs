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
    public void Every_entry_reads_back_whole_with_its_crc_and_size(BundleCompression compression, int level)
    {
        var entries = SampleEntries();
        var path = Write(compression, level, entries);

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

    [Fact]
    public void A_zip_is_only_written_to_a_stream_it_can_patch()
    {
        using var pipe = new BufferedStream(new NonSeekable());
        Assert.Throws<ArgumentException>(() => new ZipStreamWriter(pipe, BundleCompression.Deflate, 1));
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

    private string Write(BundleCompression compression, int level, Dictionary<string, byte[]> entries)
    {
        var path = Path.Combine(_folder, $"{compression}-{level}-{entries.Count}.zip");
        using var file = new FileStream(path, FileMode.CreateNew);
        using (var zip = new ZipStreamWriter(file, compression, level))
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

    private sealed class NonSeekable : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
