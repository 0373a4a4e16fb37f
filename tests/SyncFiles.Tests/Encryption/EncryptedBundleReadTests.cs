using System.Globalization;
using System.Text;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Schema;
using SyncFiles.Tests.Hostile;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// A whole bundle through the container, as the exporter writes it and head office reads it: the
/// zip written strictly forward into an <see cref="EncryptingStream"/>, then opened by the bundle
/// reader (SharpCompress, seeking to the central directory) over a <see cref="DecryptingStream"/>,
/// each entry's bytes, SHA-256 and rows verified, for both compressions and a table of many chunks.
/// </summary>
public sealed class EncryptedBundleReadTests(EncryptionKeysFixture keys) : IClassFixture<EncryptionKeysFixture>
{
    [Theory]
    [InlineData(BundleCompression.Deflate)]
    [InlineData(BundleCompression.Zstd)]
    public void A_bundle_written_into_the_encrypting_stream_reads_and_verifies_through_the_decrypting_stream(BundleCompression compression)
    {
        var plain = HostileBundles.Build(compression, [.. HostileBundles.ShopTables(), BigTable()]);
        using var encrypted = new MemoryStream();
        Manifest manifest;
        using (var source = BundleReader.Open(new MemoryStream(plain), "plain.zip"))
        using (var recipient = keys.Recipient())
        using (var encrypting = new EncryptingStream(encrypted, recipient, "AG01", 7, leaveOpen: true))
        using (var writer = new BundleWriter(encrypting, compression))
        {
            manifest = source.Manifest;
            foreach (var table in manifest.Tables)
            {
                Copy(source.OpenTable(table), writer.OpenEntry(table.File), table.Rows);
                if (table.Deleted is { } deleted)
                {
                    Copy(source.OpenTombstones(table), writer.OpenEntry(deleted.File), deleted.Rows);
                }
            }

            writer.WriteManifest(manifest);
        }

        Assert.True(encrypted.Length > 10 * EncryptedBundleFile.SealedChunkSize, $"only {encrypted.Length} bytes: the table should span many chunks");
        encrypted.Position = 0;
        using var ring = keys.Ring();
        using var decrypting = DecryptingStream.Open(encrypted, ring, "AG01-00000007.zip.enc");
        using var reader = BundleReader.Open(decrypting, "AG01-00000007.zip.enc");
        Assert.Equal(manifest.Tables.Select(t => (t.Name, t.Rows, t.Sha256)), reader.Manifest.Tables.Select(t => (t.Name, t.Rows, t.Sha256)));
        foreach (var table in reader.Manifest.Tables)
        {
            using var entry = reader.OpenTable(table);
            entry.VerifyComplete(table.Rows);
            if (table.Deleted is not null)
            {
                using var tombstones = reader.OpenTombstones(table);
                tombstones.VerifyComplete(table.Deleted.Rows);
            }
        }
    }

    private static void Copy(BundleReader.TableStream from, BundleWriter.TableEntry to, long rows)
    {
        using (from)
        using (to)
        {
            from.Content.CopyTo(to.Content);
            from.VerifyComplete(rows);
        }
    }

    /// <summary>About 6 MB of CSV that compresses only partly: many 64 KiB chunks whatever the method.</summary>
    private static CsvTable BigTable()
    {
        var random = new Random(15);
        var csv = new StringBuilder("id,libelle\n");
        for (var i = 1; i <= 150_000; i++)
        {
            csv.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Convert.ToHexString(BitConverter.GetBytes(random.NextInt64()))).Append(" article ").Append((i % 97).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return new CsvTable("articles", csv.ToString(), [CsvTable.Column("id", PortableType.Int64, false), CsvTable.Column("libelle", PortableType.String)], ["id"]);
    }
}
