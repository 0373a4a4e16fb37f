using System.Diagnostics;
using System.Text;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Entries that would make the reader decompress far more than the file holds. What the zip and
/// the manifest declare is checked before reading (sizes possible for the file, a compression
/// ratio no honest encoder reaches, totals and counts within <see cref="BundleLimits"/>), and
/// the bytes actually produced are counted while streaming, so a lie in any header stops the
/// read at the declared size. Memory stays bounded throughout: nothing is buffered but a record.
/// </summary>
public sealed class DecompressionBombTests
{
    /// <summary>A table whose only column is an int64 key, with <paramref name="csv"/> as its bytes.</summary>
    private static CsvTable KeyOnly(string name, string csv, long? rows = null) =>
        new(name, csv, [CsvTable.Column("id", PortableType.Int64, false)], ["id"]) { Rows = rows };

    [Fact]
    public void An_entry_that_yields_more_than_its_declared_size_is_stopped_at_that_size()
    {
        // SharpCompress issue #712: it does not enforce the sizes in the headers. 64 MiB of zeros
        // deflate to 64 KiB; both the zip and the manifest say 11 bytes.
        var model = ZipModel.Parse(HostileBundles.Build(KeyOnly("t", "id\n1\n2\n3\n4\n")));
        var bomb = ZipModelEntry.Deflated("tables/t.csv", new byte[64 * 1024 * 1024]);
        bomb.UncompressedSize = model["tables/t.csv"].UncompressedSize;
        model.Entries[model.Entries.FindIndex(e => e.Name == "tables/t.csv")] = bomb;
        var clock = Stopwatch.StartNew();

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("tables/t.csv holds more than the 11 bytes its manifest declares", message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}: the rest of the bomb was decompressed");
    }

    [Fact]
    public void A_declared_size_no_honest_deflate_stream_can_produce_is_refused_before_reading()
    {
        // 10 GiB from a few hundred bytes: deflate cannot exceed 1,032:1, whatever the limit says.
        var bundle = Declare(HostileBundles.Build(KeyOnly("t", "id\n1\n")), "tables/t.csv", 10L * 1024 * 1024 * 1024);

        var message = HostileBundles.Refusal(bundle);

        Assert.Contains("entry 'tables/t.csv' declares 10737418240 bytes from", message, StringComparison.Ordinal);
        Assert.Contains("deflate at most 1032:1; a decompression bomb?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zstd_entry_is_held_to_the_configured_ratio()
    {
        var bundle = HostileBundles.Build(BundleCompression.Zstd, KeyOnly("t", "id\n1\n"));
        var compressed = ZipModel.Parse(bundle)["tables/t.csv"].Data.Length;
        var tooMuch = Declare(bundle, "tables/t.csv", (compressed * 2000L) + 1);
        var limits = BundleLimits.Default with { MaxCompressionRatio = 2000 };

        var message = HostileBundles.Refusal(tooMuch, limits);

        Assert.Contains($"more than {compressed * 2000L} (zstd at most 2000:1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_entry_declaring_more_than_it_stores_is_refused()
    {
        var model = ZipModel.Parse(HostileBundles.Build(KeyOnly("t", "id\n1\n")));
        var index = model.Entries.FindIndex(e => e.Name == "tables/t.csv");
        var stored = ZipModelEntry.StoredEntry("tables/t.csv", Encoding.UTF8.GetBytes("id\n1\n"));
        stored.UncompressedSize = 6;
        model.Entries[index] = stored;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("entry 'tables/t.csv' declares 6 bytes from 5 compressed bytes, more than 5 (stored at most 1:1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compressed_size_larger_than_the_file_is_refused_before_any_allocation()
    {
        // SharpCompress issue #1270 (4): a 122-byte zip declaring 2 GB of compressed data made the
        // reader allocate for it and die of OutOfMemoryException.
        var model = ZipModel.Parse(HostileBundles.Shop());
        model["tables/familles.csv"].CentralCompressedSize = 2_000_000_000;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("entry 'tables/familles.csv' declares 2000000000 compressed bytes but the whole file has", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_size_that_disagrees_with_the_manifest_is_refused_before_reading()
    {
        var model = ZipModel.Parse(HostileBundles.Shop());
        model["tables/familles.csv"].CentralUncompressedSize = 1;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("AG01-00000007.zip: tables/familles.csv holds fewer than the 47 bytes its manifest declares (1 by the zip directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_sparse_table_compressed_with_zstd_stays_well_inside_the_default_ratio()
    {
        // The case the default ratio was measured on, scaled down: 1,000 NULL columns beside a
        // sequential key. zstd level 3 reached 474:1 on 60,000 such rows.
        var header = "id" + string.Concat(Enumerable.Range(0, 1000).Select(i => ",c" + i));
        var csv = new StringBuilder(header).Append('\n');
        for (var row = 1; row <= 3000; row++)
        {
            csv.Append(row).Append(',', 1000).Append('\n');
        }

        var columns = new[] { CsvTable.Column("id", PortableType.Int64, false) }
            .Concat(Enumerable.Range(0, 1000).Select(i => CsvTable.Column("c" + i, PortableType.String))).ToArray();
        var bundle = HostileBundles.Build(BundleCompression.Zstd, new CsvTable("sparse", csv.ToString(), columns, ["id"]));
        var entry = ZipModel.Parse(bundle)["tables/sparse.csv"];

        HostileBundles.Verify(bundle);
        var ratio = (double)entry.UncompressedSize / entry.Data.Length;
        Assert.InRange(ratio, 100, BundleLimits.DefaultMaxCompressionRatio / 2);
    }

    [Fact]
    public void More_tables_than_the_limit_are_refused()
    {
        var bundle = HostileBundles.Build(KeyOnly("a", "id\n1\n"), KeyOnly("b", "id\n1\n"), KeyOnly("c", "id\n1\n"));

        var message = HostileBundles.Refusal(bundle, BundleLimits.Default with { MaxTables = 2 });

        Assert.Contains("manifest.json: lists 3 tables, more than the 2 allowed", message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_entries_than_the_tables_allow_are_refused_while_listing_the_directory()
    {
        var model = ZipModel.Parse(HostileBundles.Build(KeyOnly("a", "id\n1\n")));
        for (var i = 0; i < 5000; i++)
        {
            model.Entries.Add(ZipModelEntry.StoredEntry($"tables/x{i}.csv", []));
        }

        var message = HostileBundles.Refusal(model.ToBytes(), BundleLimits.Default with { MaxTables = 10 });

        Assert.Contains("has more than 21 entries; a bundle of at most 10 tables has no more than that", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_declaring_more_bytes_in_all_than_the_limit_are_refused()
    {
        var bundle = HostileBundles.Build(KeyOnly("a", "id\n1\n2\n"), KeyOnly("b", "id\n1\n2\n"));

        var message = HostileBundles.Refusal(bundle, BundleLimits.Default with { MaxTotalBytes = 10 });

        Assert.Contains("its tables declare more than 10 bytes in all", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_larger_than_its_cap_is_refused_by_its_declared_size()
    {
        var padded = HostileBundles.ReplaceManifestText(HostileBundles.Shop(), text => text.TrimEnd()[..^1] + new string(' ', ManifestJson.MaxBytes) + "}");
        var model = ZipModel.Parse(padded);
        var index = model.Entries.FindIndex(e => e.Name == BundleEntries.Manifest);
        model.Entries[index] = ZipModelEntry.StoredEntry(BundleEntries.Manifest, HostileBundles.Inflate(model.Entries[index]));

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains($"manifest.json declares {model[BundleEntries.Manifest].UncompressedSize} bytes, more than the {ManifestJson.MaxBytes} allowed", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_inflates_past_its_cap_while_declaring_little_is_stopped()
    {
        var padded = HostileBundles.ReplaceManifestText(HostileBundles.Shop(), text => text.TrimEnd()[..^1] + new string(' ', 5 * 1024 * 1024) + "}");
        var model = ZipModel.Parse(padded);
        model[BundleEntries.Manifest].CentralUncompressedSize = 1000;

        var message = HostileBundles.Refusal(model.ToBytes());

        Assert.Contains("AG01-00000007.zip: manifest.json is larger than the 4194304 bytes allowed", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_or_record_over_its_cap_is_refused_naming_line_and_column()
    {
        var bundle = HostileBundles.Build(new CsvTable("t", "id,note\n1,short\n2," + new string('x', 200) + "\n",
            [CsvTable.Column("id", PortableType.Int64, false), CsvTable.Column("note", PortableType.String)], ["id"]));

        var field = HostileBundles.Refusal(bundle, BundleLimits.Default with { MaxFieldBytes = 100 });
        var record = HostileBundles.Refusal(bundle, BundleLimits.Default with { MaxFieldBytes = 100, MaxRecordBytes = 150 });

        Assert.Contains("AG01-00000007.zip:tables/t.csv, table t, line 3, column note: a field of 200 bytes, more than the 100 allowed", field, StringComparison.Ordinal);
        Assert.Contains("AG01-00000007.zip:tables/t.csv, table t, line 3: malformed CSV", record, StringComparison.Ordinal);
        Assert.Contains("MaxRecordSize (150 bytes)", record, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1000, 1, 1, 1)]
    [InlineData(4 * 1024 * 1024 + 1, 1000, 1, 1, 1)]
    [InlineData(1024, 0, 1, 1, 1)]
    [InlineData(1024, 1000, 0, 1, 1)]
    [InlineData(1024, 1000, 1, 0, 1)]
    [InlineData(1024, 1000, 1, 200, 100)]
    public void Limits_that_make_no_sense_are_a_programming_error_not_a_bad_bundle(int manifest, int tables, int ratio, int field, int record)
    {
        var limits = new BundleLimits { MaxManifestBytes = manifest, MaxTables = tables, MaxCompressionRatio = ratio, MaxFieldBytes = field, MaxRecordBytes = record };

        Assert.Throws<ArgumentOutOfRangeException>(() => BundleReader.Open(new MemoryStream(HostileBundles.Shop()), "x.zip", limits));
    }

    /// <summary>Makes the zip directory and the manifest both claim <paramref name="bytes"/> for one entry (consistent lies).</summary>
    private static byte[] Declare(byte[] bundle, string file, long bytes)
    {
        var model = ZipModel.Parse(HostileBundles.EditManifest(bundle, manifest => HostileBundles.FindFile(manifest, file)["bytes"] = bytes));
        var entry = model[file];
        entry.UncompressedSize = bytes;
        entry.Zip64 = true;
        return model.ToBytes();
    }
}
