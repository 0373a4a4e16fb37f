using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// <see cref="BundleTableReader.SkipToEnd"/>, what the importer reads an unchanged reference table
/// with: its values are not parsed again (their SHA-256 is that of a CSV verified value by value
/// before), but the header, the CSV syntax, the size, the SHA-256 and the row count still are.
/// </summary>
public sealed class SkippedTableVerificationTests
{
    private const string Where = "AG01-00000007.zip:tables/t.csv, table t";

    private static readonly ManifestColumn[] Columns =
    [
        CsvTable.Column("id", PortableType.Int64, false),
        CsvTable.Column("name", PortableType.String),
        CsvTable.Column("amount", PortableType.Decimal),
    ];

    [Fact]
    public void Records_are_counted_not_lines()
    {
        var csv = "id,name,amount\n1,,\n2,\"\",1.50\n3,\"a,b\",-2\n4,\"line\nbreak and \"\"quotes\"\" and \r inside\",0\n5,  spaced  ,\n";

        Assert.Equal(5, Skip(HostileBundles.Build(new CsvTable("t", csv, Columns, ["id"]) { Rows = 5 })));
    }

    [Fact]
    public void Values_are_not_parsed()
    {
        // Refused value by value (Read), accepted by SkipToEnd: only for a CSV already verified.
        var bundle = HostileBundles.Build(new CsvTable("t", "id,name,amount\nx,a,1\n", Columns, ["id"]));

        Assert.Contains("the value is not a valid int64", HostileBundles.Refusal(bundle), StringComparison.Ordinal);
        Assert.Equal(1, Skip(bundle));
    }

    [Theory]
    [InlineData("id,name,amount\n1,a,1\n2,b,2\n", 3, "tables/t.csv (table t) has 2 rows but the manifest declares 3.")]
    [InlineData("id,name,amount\n1,a,1\n2,\"b\n,2\n", 2, "malformed CSV")]
    [InlineData("id,name,amount\n1,a,1\n2,b\n", 2, $"{Where}, line 3: malformed CSV: Record 3 (line 3) has 2 fields but 3 were expected")]
    [InlineData("id,nom,amount\n1,a,1\n", 1, $"{Where}, line 1, column name: header is 'id,nom,amount' but the manifest lists 'id,name,amount'.")]
    [InlineData("id,name,amount\n1,a,1\r\n", 1, $"{Where}, line 2: a carriage return outside a quoted field")]
    public void A_wrong_row_count_header_or_csv_syntax_is_still_refused(string csv, long rows, string expected)
    {
        var bundle = HostileBundles.Build(new CsvTable("t", csv, Columns, ["id"]) { Rows = rows });

        var ex = Assert.Throws<BundleFormatException>(() => Skip(bundle));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_do_not_match_the_manifest_sha256_are_refused()
    {
        var bundle = HostileBundles.Build(
            BundleCompression.Deflate,
            manifest => manifest with { Tables = [manifest.Tables[0] with { Sha256 = new string('0', 64) }] },
            new CsvTable("t", "id,name,amount\n1,a,1\n", Columns, ["id"]));

        var ex = Assert.Throws<BundleFormatException>(() => Skip(bundle));

        Assert.Equal("AG01-00000007.zip: tables/t.csv does not match the SHA-256 in the manifest (altered or corrupted).", ex.Message);
    }

    private static long Skip(byte[] bundle)
    {
        using var stream = new MemoryStream(bundle, writable: false);
        using var reader = BundleReader.Open(stream, HostileBundles.Name);
        using var rows = new BundleTableReader(reader, reader.Manifest.Tables[0]);
        return rows.SkipToEnd(CancellationToken.None);
    }
}
