using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>Bundle values handed to SqlBulkCopy in forms its conversions know, over a real bundle reader.</summary>
public sealed class SqlServerBulkFeedTests
{
    private static readonly TableSchema Visits = new(
        "visits",
        [
            new ColumnSchema("id", PortableType.Int64, false),
            new ColumnSchema("day", PortableType.Date, true),
            new ColumnSchema("at", PortableType.Time, true),
            new ColumnSchema("uid", PortableType.Guid, true),
            new ColumnSchema("ref", PortableType.Guid, true),
        ],
        ["id"]);

    private static readonly Guid Uid = Guid.Parse("8e1c6f1d-3a5b-4c2e-9f00-0123456789ab");

    [Fact]
    public void Dates_times_and_guids_bound_for_text_are_converted_and_nothing_else()
    {
        using var bundle = BundleFromSqlite.Write(Visits, "CREATE TABLE visits (id INTEGER PRIMARY KEY, day DATE, at TIME, uid TEXT, ref TEXT)", connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO visits VALUES (1, $day, $at, $uid, $uid), (2, NULL, NULL, NULL, NULL)";
            insert.Parameters.AddWithValue("$day", new DateOnly(2026, 3, 14));
            insert.Parameters.AddWithValue("$at", new TimeOnly(9, 30, 15, 250));
            insert.Parameters.AddWithValue("$uid", Uid.ToString("D"));
            insert.ExecuteNonQuery();
        });
        using var reader = BundleReader.Open(bundle, "test.zip");
        using var rows = new BundleTableReader(reader, reader.Manifest.Tables[0]);

        // "ref" goes into a character column of the target, "uid" into a uniqueidentifier.
        var feed = new SqlServerBulkFeed(rows, [false, false, false, false, true]);

        Assert.Equal([typeof(long), typeof(DateTime), typeof(TimeSpan), typeof(Guid), typeof(string)], Enumerable.Range(0, feed.FieldCount).Select(feed.GetFieldType));
        Assert.True(feed.Read());
        Assert.Equal(1L, feed.GetValue(0));
        Assert.Equal(new DateTime(2026, 3, 14), feed.GetValue(1));
        Assert.Equal(new TimeSpan(0, 9, 30, 15, 250), feed.GetValue(2));
        Assert.Equal(Uid, feed.GetValue(3));
        Assert.Equal("8e1c6f1d-3a5b-4c2e-9f00-0123456789ab", feed.GetValue(4));
        Assert.Equal("8e1c6f1d-3a5b-4c2e-9f00-0123456789ab", feed.GetString(4));

        Assert.True(feed.Read());
        Assert.All(Enumerable.Range(1, 4), i =>
        {
            Assert.True(feed.IsDBNull(i));
            Assert.Same(DBNull.Value, feed.GetValue(i));
        });
        Assert.False(feed.Read());
    }

    [Fact]
    public void The_site_column_passes_through_the_feed_by_name()
    {
        using var bundle = BundleFromSqlite.Write(Visits, "CREATE TABLE visits (id INTEGER PRIMARY KEY, day DATE, at TIME, uid TEXT, ref TEXT)", connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO visits VALUES (1, NULL, NULL, NULL, NULL)";
            insert.ExecuteNonQuery();
        });
        using var reader = BundleReader.Open(bundle, "test.zip");
        using var rows = new BundleTableReader(reader, reader.Manifest.Tables[0]);

        var feed = new SqlServerBulkFeed(new ConstantColumnDataReader(rows, "site_id", "AG01"), [false, false, false, false, false, true]);

        Assert.Equal(5, feed.GetOrdinal("site_id"));
        Assert.True(feed.Read());
        Assert.Equal("AG01", feed.GetValue(5));
        Assert.Equal("site_id", feed.GetName(5));
    }

    [Fact]
    public void Any_value_bound_for_text_is_its_exact_bundle_text()
    {
        var stamps = new TableSchema(
            "stamps",
            [new ColumnSchema("id", PortableType.Int64, false), new ColumnSchema("at", PortableType.DateTimeOffset, true), new ColumnSchema("amount", PortableType.Decimal, true, Precision: 12, Scale: 3)],
            ["id"]);
        using var bundle = BundleFromSqlite.Write(stamps, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, at TEXT, amount TEXT)", connection =>
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO stamps VALUES (1, '2026-11-26T10:15:30.5+05:30', '12.500')";
            insert.ExecuteNonQuery();
        });
        using var reader = BundleReader.Open(bundle, "test.zip");
        using var rows = new BundleTableReader(reader, reader.Manifest.Tables[0]);

        var feed = new SqlServerBulkFeed(rows, [false, true, true]);

        Assert.Equal([typeof(long), typeof(string), typeof(string)], Enumerable.Range(0, feed.FieldCount).Select(feed.GetFieldType));
        Assert.True(feed.Read());
        Assert.Equal("2026-11-26T10:15:30.5+05:30", feed.GetValue(1));
        Assert.Equal("12.500", feed.GetValue(2));
    }
}
