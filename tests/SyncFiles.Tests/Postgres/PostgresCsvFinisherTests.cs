using System.Text;
using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.Postgres;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// The exporter's finishing of PostgreSQL's CSV (T in timestamps; NaN refused with the row's number,
/// dates before year 1 or after 9999 and 24:00 with the row's key), whatever way the bytes are cut into reads: every
/// field may start, end or break anywhere in a chunk.
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

    private static readonly TableSchema Dated = new(
        "dated",
        [
            new ColumnSchema("code", PortableType.String, false),
            new ColumnSchema("d", PortableType.Date, true),
            new ColumnSchema("tm", PortableType.Time, true),
            new ColumnSchema("ts", PortableType.DateTime, true),
            new ColumnSchema("n", PortableType.Int64, false),
        ],
        ["code", "n"]);

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

    [Theory]
    [InlineData("0044-03-15 BC,,", "d", "0044-03-15 BC")]
    [InlineData("10000-01-01,,", "d", "10000-01-01")]
    [InlineData("5874897-12-31,,", "d", "5874897-12-31")]
    [InlineData(",24:00:00,", "tm", "24:00:00")]
    [InlineData(",,0044-03-15 12:00:00.5 BC", "ts", "0044-03-15 12:00:00.5 BC")]
    [InlineData(",,0001-01-01 00:00:00 BC", "ts", "0001-01-01 00:00:00 BC")]
    [InlineData(",,10000-01-01 00:00:00", "ts", "10000-01-01 00:00:00")]
    [InlineData(",,294276-12-31 23:59:59.999999", "ts", "294276-12-31 23:59:59.999999")]
    public void A_date_or_time_no_bundle_can_carry_is_refused_with_the_rows_key_wherever_the_cuts_fall(string fields, string column, string shown)
    {
        // The key's second column comes after the refused one, its first is quoted with a comma and a quote.
        var csv = "\"a,\"\"b\",2024-02-29,23:59:59.999999,2024-02-29 08:30:00,1\n"
            + "\"x,\"\"y\"\"\"," + fields + ",7\n"
            + "z,,,,9\n";
        for (var size = 1; size <= csv.Length; size++)
        {
            var error = Assert.Throws<SourceValueException>(() => Run(Dated, ["code", "n"], csv, size));
            Assert.Equal($"Table dated, row (code=x,\"y\", n=7), column {column}: the value {shown} cannot be carried by a bundle.", error.Message);
        }
    }

    [Fact]
    public void Infinities_and_the_first_and_last_days_pass_and_only_timestamps_get_their_T()
    {
        const string csv =
            "infinity,00:00:00,infinity,1\n" +
            "-infinity,23:59:59.999999,-infinity,2\n" +
            "0001-01-01,,0001-01-01 00:00:00,3\n" +
            "9999-12-31,12:00:00,9999-12-31 23:59:59.999999,4\n" +
            ",,,5\n";
        var expected = csv.Replace("0001-01-01 00:00:00", "0001-01-01T00:00:00", StringComparison.Ordinal)
            .Replace("9999-12-31 23:59:59", "9999-12-31T23:59:59", StringComparison.Ordinal);
        var table = new TableSchema("dated", Dated.Columns.Skip(1).ToList(), ["n"]);
        for (var size = 1; size <= csv.Length; size++)
        {
            Assert.Equal(expected, Run(table, ["n"], csv, size));
        }

        // " BC" and 24:00 in a text column are data.
        Assert.Equal("\"24:00:00 BC\",,,,1\n", Run(Dated, ["n"], "\"24:00:00 BC\",,,,1\n", 4));
    }

    [Fact]
    public void Without_a_key_a_refused_value_is_reported_with_its_row_number()
    {
        const string csv = "a,2024-02-29,,,1\nb,2024-03-01,,,2\nc,,24:00:00,,3\n";
        for (var size = 1; size <= csv.Length; size++)
        {
            var error = Assert.Throws<SourceValueException>(() => Run(Dated, [], csv, size));
            Assert.Equal("Table dated, row 3, column tm: the value 24:00:00 cannot be carried by a bundle.", error.Message);
        }
    }

    [Fact]
    public void A_refused_value_in_a_row_the_COPY_never_ended_is_still_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("x,10000-01-01,,,7");
        var finisher = new PostgresCsvFinisher(Dated, ["code", "n"]);
        finisher.Apply(bytes);

        var error = Assert.Throws<SourceValueException>(finisher.Complete);
        Assert.Equal("Table dated, row (code=x, n=7), column d: the value 10000-01-01 cannot be carried by a bundle.", error.Message);
    }

    private static string Run(string csv, int chunkSize) => Run(Table, ["id"], csv, chunkSize);

    private static string Run(TableSchema table, IReadOnlyList<string> key, string csv, int chunkSize)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var finisher = new PostgresCsvFinisher(table, key);
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            finisher.Apply(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
        }

        finisher.Complete();
        return Encoding.UTF8.GetString(bytes);
    }
}
