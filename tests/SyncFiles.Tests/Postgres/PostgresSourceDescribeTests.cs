using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// A PostgreSQL source table is described in one round trip (its resolution, columns, keys and
/// indexed columns together): what the exporter says about each table must be what it said when
/// each was asked on its own.
/// </summary>
public sealed class PostgresSourceDescribeTests
{
    [Fact]
    public async Task Only_a_change_column_that_leads_an_unfiltered_index_counts_as_indexed()
    {
        using var sync = new SyncFixture(
            new PostgresTestDatabase(),
            new SqliteTestDatabase(),
            [
                new { name = "led", kind = "transaction", changeColumn = "changed" },
                new { name = "second", kind = "transaction", changeColumn = "changed" },
                new { name = "partial", kind = "transaction", changeColumn = "changed" },
            ],
            [new { name = "led" }, new { name = "second" }, new { name = "partial" }]);
        sync.Source.Execute("""
            CREATE TABLE led (id integer PRIMARY KEY, changed timestamp NOT NULL);
            CREATE INDEX ON led (changed, id);
            CREATE TABLE second (id integer PRIMARY KEY, changed timestamp NOT NULL);
            CREATE INDEX ON second (id, changed);
            CREATE TABLE partial (id integer PRIMARY KEY, changed timestamp NOT NULL);
            CREATE INDEX ON partial (changed) WHERE id > 0;
            INSERT INTO led VALUES (1, '2026-11-01 10:00:00');
            """);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Table led: no index", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table second: no index starts with change column changed; every incremental run scans the whole table", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table partial: no index starts with change column changed; every incremental run scans the whole table", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_tables_whose_names_differ_only_by_case_are_refused_with_exit_2_and_a_missing_one_is_named()
    {
        using var sync = new SyncFixture(
            new PostgresTestDatabase(),
            new SqliteTestDatabase(),
            [new { name = "album", kind = "reference" }, new { name = "artist", kind = "reference" }],
            [new { name = "album" }, new { name = "artist" }]);
        sync.Source.Execute("""
            CREATE TABLE "Album" ("AlbumId" integer PRIMARY KEY);
            CREATE TABLE album (albumid integer PRIMARY KEY);
            """);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Table album: the source has tables Album and album (schema ", result.Error, StringComparison.Ordinal);
        Assert.Contains("whose names differ only by case", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table artist does not exist in the source database (schema ", result.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));
    }
}
