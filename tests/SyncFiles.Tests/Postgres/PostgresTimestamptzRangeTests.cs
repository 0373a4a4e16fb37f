using Npgsql;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Postgres;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>A timestamptz change range on PostgreSQL: instants, whatever the session's time zone, on both read paths.</summary>
public sealed class PostgresTimestamptzRangeTests
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("America/St_Johns")]
    public async Task Both_read_paths_select_the_same_instants_whatever_the_session_time_zone(string timeZone)
    {
        using var database = new PostgresTestDatabase();
        database.Execute("""
            CREATE TABLE film (film_id integer PRIMARY KEY, title text NOT NULL, last_update timestamptz NOT NULL);
            INSERT INTO film SELECT n, 'film ' || n, TIMESTAMPTZ '2026-11-01 00:00:00+00' + n * INTERVAL '1 minute' + INTERVAL '0.000123 second' FROM generate_series(1, 300) AS n;
            """);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = timeZone }.ConnectionString;
        await using var snapshot = await new PostgresSourceProvider().OpenSnapshotAsync(connection, Environment.CurrentDirectory, Serilog.Core.Logger.None, CancellationToken.None);
        var schema = await snapshot.DescribeTableAsync("film", CancellationToken.None);
        var column = schema.Find("last_update")!;

        var upper = await snapshot.ReadUpperBoundAsync(schema, column, ChangeStrategy.Timestamp, CancellationToken.None);
        var clock = await snapshot.ReadClockAsync(schema, column, CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero).AddTicks(1230), upper);
        var now = Assert.IsType<DateTimeOffset>(clock);
        Assert.Equal(TimeSpan.Zero, now.Offset);
        Assert.InRange(now, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        // From 01:40:00.000123 (film 100) exclusive, offset +05:45 on purpose: films 101 to 200.
        var from = new DateTimeOffset(2026, 11, 1, 7, 25, 0, TimeSpan.FromHours(5.75)).AddTicks(1230);
        var to = new DateTimeOffset(2026, 11, 1, 3, 20, 0, TimeSpan.Zero).AddTicks(1230);
        var range = new ChangeRange(ChangeStrategy.Timestamp, column, from, FromInclusive: false, to);

        var byReader = new List<int>();
        await using (var reader = await snapshot.ReadRowsAsync(schema, range, CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                byReader.Add(reader.GetInt32(0));
            }
        }

        var byCopy = new List<int>();
        await using (var csv = await snapshot.TryReadRowsAsCsvAsync(schema, ["film_id"], range, CancellationToken.None))
        {
            Assert.NotNull(csv);
            using var text = new StreamReader(csv);
            while (await text.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                byCopy.Add(int.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(Enumerable.Range(101, 100), byReader.Order());
        Assert.Equal(Enumerable.Range(101, 100), byCopy.Order());
    }

    [Fact]
    public void The_copy_statement_binds_a_timestamptz_range_as_timestamptz()
    {
        var schema = new TableSchema("film", [new ColumnSchema("film_id", PortableType.Int32, false), new ColumnSchema("last_update", PortableType.DateTimeOffset, false)], ["film_id"]);
        var range = new ChangeRange(ChangeStrategy.Timestamp, schema.Columns[1], DateTimeOffset.UnixEpoch, true, DateTimeOffset.UnixEpoch);

        var copy = PostgresCsvCopy.Statement(schema, ["film_id"], range);

        Assert.Contains("\"last_update\" >= current_setting('syncfiles.export_from')::timestamptz AND \"last_update\" <= current_setting('syncfiles.export_to')::timestamptz", copy, StringComparison.Ordinal);
    }
}
