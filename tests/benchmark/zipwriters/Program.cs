using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using SharpCompress.Common;
using SharpCompress.Providers;
using SharpCompress.Providers.System;
using SharpCompress.Writers.Zip;
using SyncFiles.Common.Bundle;

// Times writing one CSV file into a zip, in 128 KB pieces as the exporter hands them over, with
// each writer and level, and the pieces of the work alone; prints the median of the runs.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: syncfiles-zipwriters FILE.csv [RUNS]");
    return 2;
}

var data = File.ReadAllBytes(args[0]);
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var output = Path.Combine(Path.GetTempPath(), $"syncfiles-zipwriters-{Environment.ProcessId}.zip");
var registry = CompressionProviderRegistry.Default.With(new SystemDeflateCompressionProvider());
Console.WriteLine($"{args[0]}: {data.Length / 1e6:0.0} MB, median of {runs} runs");

Measure("SharpCompress ZipWriter, stored (CRC-32 and write only)", () => SharpCompressZip(CompressionType.None, 0));
Measure("SharpCompress ZipWriter, deflate 1 (native zlib provider)", () => SharpCompressZip(CompressionType.Deflate, 1));
Measure("SharpCompress ZipWriter, zstd 1", () => SharpCompressZip(CompressionType.ZStandard, 1));
Measure("bundle writer (ZipStreamWriter), deflate 1", () => BundleZip(BundleCompression.Deflate, 1));
Measure("bundle writer (ZipStreamWriter), zstd 1", () => BundleZip(BundleCompression.Zstd, 1));
Measure("zlib level 1 alone (DeflateStream)", () => Feed(new DeflateStream(Stream.Null, new ZLibCompressionOptions { CompressionLevel = 1 })));
Measure("zstd level 1 alone (SharpCompress CompressionStream)", () => Feed(new SharpCompress.Compressors.ZStandard.CompressionStream(Stream.Null, 1)));
Measure("CRC-32 alone (System.IO.Hashing)", () => System.IO.Hashing.Crc32.HashToUInt32(data));
Measure("SHA-256 alone", () => System.Security.Cryptography.SHA256.HashData(data).Length);
File.Delete(output);
return 0;

void Measure(string label, Func<long> action)
{
    var seconds = new List<double>();
    long size = 0;
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        size = action();
        seconds.Add(watch.Elapsed.TotalSeconds);
    }

    seconds.Sort();
    var median = seconds[seconds.Count / 2];
    Console.WriteLine(FormattableString.Invariant($"  {label,-60} {median,6:0.00} s  {data.Length / 1e6 / median,5:0} MB/s"));
}

long SharpCompressZip(CompressionType type, int level)
{
    using var file = new FileStream(output, FileMode.Create);
    using (var zip = new ZipWriter(file, new ZipWriterOptions(type, level) { LeaveStreamOpen = true, UseZip64 = true, Providers = registry }))
    using (var entry = zip.WriteToStream("tables/t.csv", new ZipWriterEntryOptions()))
    {
        Pieces(entry);
    }

    return file.Length;
}

long BundleZip(BundleCompression compression, int level)
{
    using var file = new FileStream(output, FileMode.Create);
    using (var bundle = new BundleWriter(file, compression, level))
    using (var entry = bundle.OpenTable("t"))
    {
        // The bundle's table stream also hashes (SHA-256), as in an export.
        Pieces(entry.Content);
    }

    return file.Length;
}

long Feed(Stream compressor)
{
    using (compressor)
    {
        Pieces(compressor);
    }

    return 0;
}

void Pieces(Stream target)
{
    for (var offset = 0; offset < data.Length; offset += 128 * 1024)
    {
        target.Write(data, offset, Math.Min(128 * 1024, data.Length - offset));
    }
}
