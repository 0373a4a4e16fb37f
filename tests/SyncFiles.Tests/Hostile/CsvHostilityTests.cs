using System.Text;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;

namespace SyncFiles.Tests.Hostile;

/// <summary>
/// Table files that pass their SHA-256 (the manifest was forged to match) but break the CSV
/// dialect. Each is refused with bundle, entry, table, line and, where there is one, column.
/// </summary>
public sealed class CsvHostilityTests
{
    private const string Where = "AG01-00000007.zip:tables/t.csv, table t";

    private static readonly ManifestColumn[] Columns =
    [
        CsvTable.Column("id", PortableType.Int64, false),
        CsvTable.Column("name", PortableType.String),
        CsvTable.Column("amount", PortableType.Decimal),
    ];

    private static string Refused(string csv, long? rows = null) =>
        HostileBundles.Refusal(HostileBundles.Build(new CsvTable("t", csv, Columns, ["id"]) { Rows = rows }));

    private static string Refused(byte[] csv, long rows) =>
        HostileBundles.Refusal(HostileBundles.Build(new CsvTable("t", string.Empty, Columns, ["id"]) { CsvBytes = csv, Rows = rows }));

    [Fact]
    public void A_well_formed_table_with_every_awkward_value_is_accepted()
    {
        var csv = "id,name,amount\n1,,\n2,\"\",1.50\n3,\"a,b\",-2\n4,\"line\nbreak and \"\"quotes\"\" and \r inside\",0\n5,  spaced  ,\n";

        var manifest = HostileBundles.Verify(HostileBundles.Build(new CsvTable("t", csv, Columns, ["id"]) { Rows = 5 }));

        Assert.Equal(5, manifest.Tables[0].Rows);
    }

    [Theory]
    [InlineData("id,name,amount\n1,a,1\n2,b\n", "line 3: malformed CSV: Record 3 (line 3) has 2 fields but 3 were expected")]
    [InlineData("id,name,amount\n1,a,1,extra\n", "line 2: malformed CSV: Record 2 (line 2) has 4 fields but 3 were expected")]
    [InlineData("id,name,amount\n1,a,1\n\n2,b,2\n", "line 3: malformed CSV")]
    public void A_ragged_row_is_refused_naming_its_line(string csv, string expected)
    {
        Assert.Contains($"{Where}, {expected}", Refused(csv, rows: 2), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,name,amount\n1,a\"b,1\n", "line 2: malformed CSV", "a quote inside an unquoted field")]
    [InlineData("id,name,amount\n1,\"ab\"c,1\n", "line 2: malformed CSV", "text after the closing quote")]
    [InlineData("id,name,amount\n1,\"never closed,1\n2,b,2\n", "line 2: malformed CSV", "never closed")]
    public void Bad_quoting_is_refused_naming_its_line(string csv, string location, string reason)
    {
        var message = Refused(csv, rows: 1);

        Assert.Contains($"{Where}, {location}", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvHelper_308_an_unclosed_quote_followed_by_a_doubled_quote_is_refused()
    {
        // CsvHelper issue #308: this shape once ended the file silently, dropping the last row.
        var message = Refused("id,name,amount\n1,\"CARRS\n\"\",2\n3,c,3\n", rows: 2);

        Assert.Contains($"{Where}, line 2: malformed CSV", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_character_in_a_field_is_refused_naming_line_and_column()
    {
        var message = Refused("id,name,amount\n1,a,1\n2,\"b\0c\",2\n", rows: 2);

        Assert.Contains($"{Where}, line 3, column name: a NUL character (U+0000) in the field", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_character_in_a_typed_field_is_refused_the_same_way()
    {
        Assert.Contains($"{Where}, line 2, column amount: a NUL character", Refused("id,name,amount\n1,a,1\0\n", rows: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_text_field_is_refused_not_replaced()
    {
        var csv = Encoding.UTF8.GetBytes("id,name,amount\n1,caf\u00e9,1\n");
        csv[^4] = 0x28; // the continuation byte of é

        var message = Refused(csv, rows: 1);

        Assert.Contains($"{Where}, line 2, column name: the value is not a valid string: not valid UTF-8", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_with_control_characters_is_kept_out_of_the_message_and_escaped_in_the_refused_value()
    {
        var bundle = HostileBundles.Build(new CsvTable("t", "id,name,amount\n1,a,\"12\nFAKE LINE\"\n", Columns, ["id"]) { Rows = 1 });

        var ex = Assert.Throws<BundleFormatException>(() => HostileBundles.Verify(bundle));

        Assert.Contains($"{Where}, line 2, column amount: the value is not a valid decimal", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FAKE LINE", ex.Message, StringComparison.Ordinal);
        Assert.Equal("12\\u000aFAKE LINE", ex.RefusedValue);
    }

    [Fact]
    public void A_wrong_row_count_is_refused_naming_file_and_table()
    {
        var message = Refused("id,name,amount\n1,a,1\n2,b,2\n", rows: 3);

        Assert.Contains("AG01-00000007.zip: tables/t.csv (table t) has 2 rows but the manifest declares 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_record_ends_are_refused_naming_the_line()
    {
        // Format v1 ends records with \n; the parser would take \r\n too. Refused, so one byte
        // stream has one reading (the hash covers the bytes either way).
        var message = Refused("id,name,amount\n1,a,1\r\n2,b,2\r\n", rows: 2);

        Assert.Contains($"{Where}, line 2: a carriage return outside a quoted field", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_carriage_return_outside_quotes_is_refused()
    {
        Assert.Contains($"{Where}, line 2: a carriage return outside a quoted field", Refused("id,name,amount\n1,a\rb,1\n", rows: 1), StringComparison.Ordinal);
        Assert.Contains($"{Where}, line 1: a carriage return outside a quoted field", Refused("id,name,amount\r1,a,1\r", rows: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void A_carriage_return_at_the_parsers_buffer_boundary_is_still_seen()
    {
        // CsvHelper issue #677: "\r\n" split across a buffer refill was once misread. Here the
        // \r is the 65,536th byte, the last of the parser's first 64 KiB buffer.
        var prefix = "id,name,amount\n1,";
        var padding = new string('x', 65535 - prefix.Length);
        var message = Refused(prefix + padding + "\r\n2,b,2\n", rows: 2);

        Assert.Contains($"{Where}, line 2: a carriage return outside a quoted field", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_is_refused()
    {
        var message = Refused("\ufeffid,name,amount\n1,a,1\n", rows: 1);

        Assert.Contains($"{Where}, line 1: starts with a byte order mark", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_record_without_its_line_feed_is_refused()
    {
        var message = Refused("id,name,amount\n1,a,1", rows: 1);

        Assert.Contains($"{Where}, line 2: the last record does not end with \\n", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,label,amount\n", "column name: header is 'id,label,amount' but the manifest lists 'id,name,amount'")]
    [InlineData("id,NAME,amount\n", "column name: header is 'id,NAME,amount'")]
    [InlineData("id,name\n", "column amount: header is 'id,name'")]
    [InlineData("id,name,amount,extra\n", "line 1: header is 'id,name,amount,extra'")]
    [InlineData("", "column id: header is ''")]
    public void A_header_that_differs_from_the_manifest_is_refused_naming_the_column(string csv, string expected)
    {
        var message = Refused(csv, rows: 0);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains($"{Where}, line 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_quotes_straddling_the_parsers_buffer_boundary_read_back_exactly()
    {
        // CsvHelper issues #1691 and #1954 (and dbatools.library #47 in another parser): a quote or
        // an escaped quote pair at a buffer refill was once lost or misread. Put a "" pair across
        // the 64 KiB boundary at every offset near it and check every value reads back unchanged.
        for (var shift = 0; shift < 6; shift++)
        {
            var value = new string('v', 65536 - 20 - shift) + "\"\"q\"\"";
            var csv = $"id,name,amount\n1,\"{value}\",1\n2,\"{value}\",2\n";
            var bundle = HostileBundles.Build(new CsvTable("t", csv, Columns, ["id"]) { Rows = 2 });

            HostileBundles.Verify(bundle);
            Assert.Equal(value.Replace("\"\"", "\"", StringComparison.Ordinal), ReadName(bundle));
        }
    }

    private static string ReadName(byte[] bundle)
    {
        using var stream = new MemoryStream(bundle);
        using var reader = SyncFiles.Common.Bundle.BundleReader.Open(stream, "b.zip");
        using var rows = new SyncFiles.Common.Csv.BundleTableReader(reader, reader.Manifest.Tables[0]);
        Assert.True(rows.Read());
        return rows.GetString(1);
    }
}
