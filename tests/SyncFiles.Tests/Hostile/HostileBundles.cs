using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Hostile;

/// <summary>One table of a hand-made bundle: its CSV bytes exactly as given, and what the manifest says of them.</summary>
public sealed record CsvTable(string Name, string Csv, IReadOnlyList<ManifestColumn> Columns, IReadOnlyList<string> Key)
{
    /// <summary>Rows to declare; by default the number of lines after the header.</summary>
    public long? Rows { get; init; }

    /// <summary>A tombstone file (key columns) to add, when given.</summary>
    public string? Tombstones { get; init; }

    public byte[]? CsvBytes { get; init; }

    public byte[] Bytes => CsvBytes ?? Encoding.UTF8.GetBytes(Csv);

    public static ManifestColumn Column(string name, PortableType type, bool nullable = true) =>
        new() { Name = name, Type = type, Nullable = nullable };
}

/// <summary>
/// Builds bundles by hand (real <see cref="BundleWriter"/>, CSV bytes given verbatim, manifest with
/// true sizes and hashes: a forgery that passes every hash) and reads them the way
/// <c>syncfiles-import verify</c> does.
/// </summary>
public static class HostileBundles
{
    public const string Name = "AG01-00000007.zip";

    /// <summary>Two small tables, the second with tombstones: the valid starting point of most tests.</summary>
    public static CsvTable[] ShopTables() =>
    [
        new CsvTable("familles", "id,libelle\n1,Boissons\n2,\"Épicerie, fine\"\n3,\"\"\n",
            [CsvTable.Column("id", PortableType.Int64, false), CsvTable.Column("libelle", PortableType.String)], ["id"]),
        new CsvTable("factures", "id,numero,total_ttc,modifie_le\n1,F1,10.00,2026-11-01T10:00:00\n2,F2,20.50,2026-11-02T10:00:00.5\n",
            [CsvTable.Column("id", PortableType.Int64, false), CsvTable.Column("numero", PortableType.String, false),
             CsvTable.Column("total_ttc", PortableType.Decimal, false), CsvTable.Column("modifie_le", PortableType.DateTime, false)], ["id"])
        {
            Tombstones = "id\n7\n8\n",
        },
    ];

    public static byte[] Shop(BundleCompression compression = BundleCompression.Deflate) => Build(compression, ShopTables());

    public static byte[] Build(params CsvTable[] tables) => Build(BundleCompression.Deflate, tables);

    public static byte[] Build(BundleCompression compression, params CsvTable[] tables) =>
        Build(compression, manifest => manifest, tables);

    /// <summary>Writes the tables with the real bundle writer; <paramref name="adjust"/> may change the manifest before it is written.</summary>
    public static byte[] Build(BundleCompression compression, Func<Manifest, Manifest> adjust, params CsvTable[] tables)
    {
        using var output = new MemoryStream();
        using (var writer = new BundleWriter(output, compression))
        {
            var listed = new List<ManifestTable>();
            foreach (var table in tables)
            {
                var bytes = table.Bytes;
                using (var entry = writer.OpenTable(table.Name))
                {
                    entry.Content.Write(bytes);
                }

                TombstoneFile? tombstones = null;
                if (table.Tombstones is { } deleted)
                {
                    var deletedBytes = Encoding.UTF8.GetBytes(deleted);
                    using (var entry = writer.OpenEntry(BundleEntries.DeletedFile(table.Name)))
                    {
                        entry.Content.Write(deletedBytes);
                    }

                    tombstones = new TombstoneFile
                    {
                        File = BundleEntries.DeletedFile(table.Name),
                        Rows = Lines(deletedBytes) - 1,
                        Bytes = deletedBytes.Length,
                        Sha256 = Sha256(deletedBytes),
                    };
                }

                listed.Add(new ManifestTable
                {
                    Name = table.Name,
                    Kind = TableKind.Reference,
                    File = BundleEntries.TableFile(table.Name),
                    Key = table.Key,
                    Columns = table.Columns,
                    Rows = table.Rows ?? Lines(bytes) - 1,
                    Bytes = bytes.Length,
                    Sha256 = Sha256(bytes),
                    Deleted = tombstones,
                });
            }

            var manifest = TestManifests.For("AG01", 7, [.. listed]) with { Compression = compression };
            writer.WriteManifest(adjust(manifest));
        }

        return output.ToArray();
    }

    /// <summary>
    /// What <c>syncfiles-import verify</c> does (and the importer before its merge): open the
    /// bundle, read every table and every tombstone file to the end through
    /// <see cref="BundleTableReader"/>, touching every value. Returns the manifest.
    /// </summary>
    public static Manifest Verify(byte[] bundle, BundleLimits? limits = null, string name = Name)
    {
        using var stream = new MemoryStream(bundle, writable: false);
        using var reader = BundleReader.Open(stream, name, limits);
        foreach (var table in reader.Manifest.Tables)
        {
            ReadAll(new BundleTableReader(reader, table));
            if (table.Deleted is not null)
            {
                ReadAll(new BundleTableReader(reader, table, tombstones: true));
            }
        }

        return reader.Manifest;
    }

    /// <summary>Asserts that <see cref="Verify"/> refuses the bundle with a <see cref="BundleFormatException"/> (and nothing else); returns its message.</summary>
    public static string Refusal(byte[] bundle, BundleLimits? limits = null)
    {
        var ex = Record.Exception(() => Verify(bundle, limits));
        Assert.NotNull(ex);
        Assert.True(ex is BundleFormatException, $"expected a BundleFormatException, got {ex}");
        Assert.StartsWith(Name, ex.Message, StringComparison.Ordinal);
        return ex.Message;
    }

    /// <summary>Rewrites one entry's content (deflated) and, when <paramref name="fixManifest"/>, its bytes and sha256 in the manifest.</summary>
    public static byte[] ReplaceCsv(byte[] bundle, string file, byte[] content, bool fixManifest = true, long? rows = null)
    {
        var model = ZipModel.Parse(bundle);
        Replace(model, file, content);
        if (fixManifest)
        {
            return EditManifest(model.ToBytes(), manifest =>
            {
                var entry = FindFile(manifest, file);
                entry["bytes"] = content.Length;
                entry["sha256"] = Sha256(content);
                if (rows is long count)
                {
                    entry["rows"] = count;
                }
            });
        }

        return model.ToBytes();
    }

    /// <summary>Edits the manifest JSON and writes it back (deflated, with a true size and CRC): a forged manifest.</summary>
    public static byte[] EditManifest(byte[] bundle, Action<JsonNode> edit) =>
        ReplaceManifestText(bundle, text =>
        {
            var node = JsonNode.Parse(text)!;
            edit(node);
            return node.ToJsonString();
        });

    public static byte[] ReplaceManifestText(byte[] bundle, Func<string, string> edit)
    {
        var model = ZipModel.Parse(bundle);
        Replace(model, BundleEntries.Manifest, Encoding.UTF8.GetBytes(edit(ManifestText(bundle))));
        return model.ToBytes();
    }

    /// <summary>The manifest's text, read with the zip library itself (so zstd bundles work too), unchecked.</summary>
    public static string ManifestText(byte[] bundle)
    {
        using var archive = SharpCompress.Archives.Zip.ZipArchive.OpenArchive(new MemoryStream(bundle), new SharpCompress.Readers.ReaderOptions());
        using var stream = archive.Entries.Single(e => e.Key == BundleEntries.Manifest).OpenEntryStream();
        using var text = new StreamReader(stream, Encoding.UTF8);
        return text.ReadToEnd();
    }

    public static JsonNode FindFile(JsonNode manifest, string file) =>
        manifest["tables"]!.AsArray().Select(t => t!).Select(t => (string?)t["file"] == file ? t : t["deleted"] is { } d && (string?)d["file"] == file ? d : null).First(t => t is not null)!;

    /// <summary>The uncompressed bytes of a deflated or stored <see cref="ZipModelEntry"/>.</summary>
    public static byte[] Inflate(ZipModelEntry entry)
    {
        if (entry.Method == ZipModel.Stored)
        {
            return entry.Data;
        }

        Assert.Equal(ZipModel.Deflate, entry.Method);
        using var input = new DeflateStream(new MemoryStream(entry.Data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static void Replace(ZipModel model, string name, byte[] content)
    {
        var index = model.Entries.FindIndex(e => e.Name == name);
        var replacement = ZipModelEntry.Deflated(name, content);
        replacement.Zip64 = model.Entries[index].Zip64;
        model.Entries[index] = replacement;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static long Lines(byte[] bytes) => bytes.Count(b => b == (byte)'\n');

    private static void ReadAll(BundleTableReader rows)
    {
        using (rows)
        {
            var values = new object[rows.FieldCount];
            while (rows.Read())
            {
                rows.GetValues(values);
            }
        }
    }
}
