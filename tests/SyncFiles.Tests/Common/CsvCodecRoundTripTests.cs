using CsCheck;
using Microsoft.Data.Sqlite;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// Text values through the whole codec: a real SQLite table, the CSV writer, a zip bundle in
/// memory, the bundle reader and the typed CSV reader. NULL, the empty string and every awkward
/// character must come back exactly.
/// </summary>
public sealed class CsvCodecRoundTripTests
{
    private static readonly TableSchema Table = new(
        "t",
        [new ColumnSchema("id", PortableType.Int64, false), new ColumnSchema("text", PortableType.String, true), new ColumnSchema("other", PortableType.String, true)],
        ["id"]);

    private static readonly Gen<string?> AwkwardText = Gen.Frequency(
        (1, Gen.Int[0, 0].Select(_ => (string?)null)),
        (1, Gen.OneOf<string?>([string.Empty])),
        (1, Gen.OneOf<string?>(["NULL", "\\N", "\"\"", "\"", ",", "\n", "\r\n", "\r", " ", "\ufeff", "\ufeffid", "a,b", "l1\nl2", "\"quoted\"", "=1+1", "'", "😀 emoji", "日本語"])),
        (3, Gen.String[Gen.Char["\",\r\n \t\ufeffaé€\\N"], 0, 12].Select(s => (string?)s)),
        (2, Gen.String.Where(IsWellFormedUtf16).Select(s => (string?)s)));

    // A lone surrogate has no UTF-8 form, so no database text column can hold one.
    private static bool IsWellFormedUtf16(string text) =>
        System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text)) == text;

    [Fact]
    public void Null_empty_and_awkward_strings_survive_the_round_trip()
    {
        Gen.Select(AwkwardText, AwkwardText).Array[1, 20].Sample(rows =>
        {
            var back = RoundTrip(rows.Select(r => ((string?)r.Item1, (string?)r.Item2)).ToArray());
            Assert.Equal(rows.Length, back.Count);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(rows[i].Item1, back[i].Text);
                Assert.Equal(rows[i].Item2, back[i].Other);
            }
        }, iter: 300);
    }

    [Fact]
    public void Long_text_survives_the_round_trip()
    {
        // Under the default 1 MiB per field once quoted (about 19 bytes a line), far over any buffer.
        var longText = string.Concat(Enumerable.Repeat("ligne, \"citée\"\n", 45_000));
        var back = RoundTrip([(longText, string.Empty)]);
        Assert.Equal(longText, back[0].Text);
        Assert.Equal(string.Empty, back[0].Other);
    }

    [Fact]
    public void The_csv_has_no_bom_and_uses_lf_line_ends_null_unquoted_and_empty_quoted()
    {
        using var bundle = WriteBundle([(null, string.Empty), ("a,b", "x")]);
        using var reader = BundleReader.Open(bundle, "test.zip");
        using var table = reader.OpenTable(reader.Manifest.Tables[0]);
        using var text = new StreamReader(table.Content);
        Assert.Equal("id,text,other\n1,,\"\"\n2,\"a,b\",x\n", text.ReadToEnd());
    }

    private static List<(string? Text, string? Other)> RoundTrip((string? Text, string? Other)[] rows)
    {
        using var bundle = WriteBundle(rows);
        using var reader = BundleReader.Open(bundle, "test.zip");
        using var table = new BundleTableReader(reader, reader.Manifest.Tables[0]);
        var result = new List<(string?, string?)>();
        while (table.Read())
        {
            result.Add((table.IsDBNull(1) ? null : table.GetString(1), table.IsDBNull(2) ? null : table.GetString(2)));
        }

        return result;
    }

    private static MemoryStream WriteBundle((string? Text, string? Other)[] rows)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, other TEXT)";
            create.ExecuteNonQuery();
        }

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t VALUES ($id, $text, $other)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var other = insert.Parameters.Add("$other", SqliteType.Text);
            for (var i = 0; i < rows.Length; i++)
            {
                id.Value = i + 1;
                text.Value = (object?)rows[i].Text ?? DBNull.Value;
                other.Value = (object?)rows[i].Other ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        var output = new MemoryStream();
        using (var writer = new BundleWriter(output, BundleCompression.Deflate))
        {
            long count;
            long bytes;
            string sha;
            using (var entry = writer.OpenTable("t"))
            {
                using var select = connection.CreateCommand();
                select.CommandText = "SELECT id, text, other FROM t ORDER BY id";
                using var source = select.ExecuteReader();
                count = new TableCsvWriter(Table, ["id"]).WriteAsync(source, entry.Content, CancellationToken.None).GetAwaiter().GetResult();
                bytes = entry.Content.BytesCounted;
                sha = entry.Content.FinishHash();
            }

            writer.WriteManifest(TestManifests.For("AG01", 1, new ManifestTable
            {
                Name = "t",
                Kind = TableKind.Reference,
                File = BundleEntries.TableFile("t"),
                Key = ["id"],
                Columns = Table.Columns.Select(ManifestColumn.From).ToList(),
                Rows = count,
                Bytes = bytes,
                Sha256 = sha,
            }));
        }

        output.Position = 0;
        return output;
    }
}
