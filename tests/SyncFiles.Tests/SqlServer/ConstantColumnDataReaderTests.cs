using Microsoft.Data.Sqlite;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>The site column appended to a bundle's rows on their way into bulk copy, over a real bundle reader.</summary>
public sealed class ConstantColumnDataReaderTests : IDisposable
{
    private static readonly TableSchema Articles = new(
        "articles",
        [new ColumnSchema("id", PortableType.Int64, false), new ColumnSchema("name", PortableType.String, true), new ColumnSchema("price", PortableType.Decimal, true, Precision: 10, Scale: 2)],
        ["id"]);

    private readonly MemoryStream _bundle;
    private readonly BundleReader _reader;
    private readonly BundleTableReader _rows;

    public ConstantColumnDataReaderTests()
    {
        _bundle = BundleFromSqlite.Write(Articles, "CREATE TABLE articles (id INTEGER PRIMARY KEY, name TEXT, price DECIMAL(10,2))", connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO articles VALUES (1, 'Pain', '1.20'), (2, NULL, '3.50'), (3, 'Lait', NULL)";
            insert.ExecuteNonQuery();
        });
        _reader = BundleReader.Open(_bundle, "test.zip");
        _rows = new BundleTableReader(_reader, _reader.Manifest.Tables[0]);
    }

    [Fact]
    public void The_extra_column_comes_last_with_the_same_value_on_every_row()
    {
        var view = new ConstantColumnDataReader(_rows, "site_id", "AG01");

        Assert.Equal(4, view.FieldCount);
        Assert.Equal(["id", "name", "price", "site_id"], Enumerable.Range(0, view.FieldCount).Select(view.GetName));
        Assert.Equal(3, view.GetOrdinal("SITE_ID"));
        Assert.Equal(1, view.GetOrdinal("name"));
        Assert.Equal(typeof(string), view.GetFieldType(3));
        Assert.Equal(typeof(long), view.GetFieldType(0));

        var rows = new List<object[]>();
        while (view.Read())
        {
            var values = new object[view.FieldCount];
            Assert.Equal(4, view.GetValues(values));
            Assert.Equal("AG01", view.GetString(3));
            Assert.Equal("AG01", view.GetFieldValue<string>(3));
            Assert.False(view.IsDBNull(3));
            rows.Add(values);
        }

        Assert.Equal(
            [[1L, "Pain", 1.20m, "AG01"], [2L, DBNull.Value, 3.50m, "AG01"], [3L, "Lait", DBNull.Value, "AG01"]],
            rows);
    }

    [Fact]
    public async Task Rows_stream_one_at_a_time_from_the_inner_reader()
    {
        var view = new ConstantColumnDataReader(_rows, "site_id", "AG01");

        Assert.True(await view.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, _rows.RowsRead);
        Assert.Equal(1L, view.GetInt64(0));
        Assert.True(await view.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, _rows.RowsRead);
        Assert.True(view.IsDBNull(1));
        Assert.True(await view.IsDBNullAsync(1, TestContext.Current.CancellationToken));
        Assert.Equal(3.50m, view.GetDecimal(2));
        Assert.True(await view.ReadAsync(TestContext.Current.CancellationToken));
        Assert.False(await view.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, _rows.RowsRead);
    }

    [Fact]
    public void A_null_constant_reads_as_dbnull()
    {
        var view = new ConstantColumnDataReader(_rows, "site_id", null);

        Assert.True(view.Read());
        Assert.True(view.IsDBNull(3));
        Assert.Same(DBNull.Value, view.GetValue(3));
    }

    [Fact]
    public void The_constant_streams_as_text_too()
    {
        var view = new ConstantColumnDataReader(_rows, "site_id", "AG01");

        Assert.True(view.Read());
        Assert.Equal("AG01", view.GetTextReader(3).ReadToEnd());
        var buffer = new char[10];
        Assert.Equal(4, view.GetChars(3, 0, null, 0, 0));
        Assert.Equal(2, view.GetChars(3, 2, buffer, 0, 10));
        Assert.Equal("01", new string(buffer, 0, 2));
    }

    [Fact]
    public void A_name_the_inner_reader_already_has_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConstantColumnDataReader(_rows, "NAME", "AG01"));
    }

    [Fact]
    public void Closing_the_view_leaves_the_inner_reader_to_its_owner()
    {
        var view = new ConstantColumnDataReader(_rows, "site_id", "AG01");

        view.Close();

        Assert.True(view.IsClosed);
        Assert.False(_rows.IsClosed);
        Assert.True(_rows.Read());
    }

    [Fact]
    public void A_sqlite_reader_can_be_extended_as_well()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 7 AS id, 'x' AS code UNION ALL SELECT 8, 'y'";
        using var inner = command.ExecuteReader();
        var view = new ConstantColumnDataReader(inner, "site_id", 42);

        var seen = new List<(long, string, int)>();
        while (view.Read())
        {
            seen.Add((view.GetInt64(0), view.GetString(1), view.GetInt32(2)));
        }

        Assert.Equal([(7L, "x", 42), (8L, "y", 42)], seen);
    }

    public void Dispose()
    {
        _rows.Dispose();
        _reader.Dispose();
        _bundle.Dispose();
    }
}
