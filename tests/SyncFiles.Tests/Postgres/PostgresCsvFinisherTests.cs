using System.Text;
using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.Postgres;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// The exporter's finishing of PostgreSQL's CSV (T in timestamps, NaN refused), whatever way the
/// bytes are cut into reads: every field may start, end or break anywhere in a chunk.
/// </summary>
public sealed class PostgresCsvFinisherTests
{
    private static readonly TableSchema Table = new(
        "t",
        [
            new ColumnSchema("id", PortableType.Int64, false),
            new ColumnSchema("note", PortableType.String, true),
            new ColumnSchema("amount", PortableType.Decimal, true, Precision: 12, Scale: 2),
            new ColumnSchema("at", PortableType.DateTime, true),
            new ColumnSchema("atz", PortableType.DateTimeOffset, true),
        ],
        ["id"]);

    private const string FromServer =
        "1,plain,12.50,2024-02-29 08:30:00.12,2024-02-29 07:30:00+00:00\n" +
        "2,\"a, \"\"quoted\"\"\nline 2024-02-29 08:30:00\",-0.50,,\n" +
        "3,\"\",1.00,9999-12-31T23:59:59.9999999,0001-01-01T00:00:00+00:00\n" +
        "4,,,2025-01-01 00:00:00,\n";

    private const string Finished =
        "1,plain,12.50,2024-02-29T08:30:00.12,2024-02-29T07:30:00+00:00\n" +
        "2,\"a, \"\"quoted\"\"\nline 2024-02-29 08:30:00\",-0.50,,\n" +
        "3,\"\",1.00,9999-12-31T23:59:59.9999999,0001-01-01T00:00:00+00:00\n" +
        "4,,,2025-01-01T00:00:00,\n";

    [Fact]
    public void Timestamps_get_their_T_and_nothing_else_changes_however_the_bytes_are_cut()
    {
        Assert.Equal(Finished, Run(FromServer, FromServer.Length));
        for (var size = 1; size <= 70; size++)
        {
            Assert.Equal(Finished, Run(FromServer, size));
        }
    }

    [Fact]
    public void NaN_in_a_decimal_column_is_refused_with_the_row_and_column_wherever_the_cut_falls()
    {
        var input = "1,x,NaN,,\n".Replace("1,x", "1,\"x,\ny\"", StringComparison.Ordinal);
        for (var size = 1; size <= input.Length; size++)
        {
            var error = Assert.Throws<SourceValueException>(() => Run("5,a,1.00,,\n" + input, size));
            Assert.Equal("Table t, row 2, column amount: the value NaN cannot be carried by a bundle.", error.Message);
        }

        // The same letters in a text column are data.
        Assert.Equal("1,NaN,,,\n", Run("1,NaN,,,\n", 3));
    }

    private static string Run(string csv, int chunkSize)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var finisher = new PostgresCsvFinisher(Table);
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            finisher.Apply(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
