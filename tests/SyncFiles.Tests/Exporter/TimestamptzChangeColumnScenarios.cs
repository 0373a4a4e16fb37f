using System.Text.Json;
using SyncFiles.Exporter.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// A PostgreSQL table changed-at in <c>timestamptz</c> (last_update, as in the DVD-rental sample)
/// exported incrementally, compared as instants, and applied at head office. Written once; each
/// head-office database runs it through a subclass.
/// </summary>
public abstract class TimestamptzChangeColumnScenarios
{
    private static readonly object[] SiteTables = [new { name = "film", kind = "transaction", changeColumn = "last_update" }];
    private static readonly object[] ServerTables = [new { name = "film", siteColumn = "agence" }];

    /// <summary>The head office's film table, in its own DDL.</summary>
    protected abstract string CentralFilm { get; }

    protected abstract TestDatabase CreateCentral();

    [Fact]
    public async Task Only_rows_changed_since_the_last_bundle_travel_and_are_applied()
    {
        using var sync = NewSync();
        sync.ExecuteSource("""
            INSERT INTO film VALUES
              (1, 'ACADEMY DINOSAUR', '2026-11-01 10:00:00+02'),
              (2, 'ACE GOLDFINGER', '2026-11-01 09:30:00+00'),
              (3, 'ADAPTATION HOLES', '2026-11-01 08:00:00.123456-05');
            """);
        var first = await sync.ExportOkAsync();
        var watermark = Film(TestManifests.Read(first)).GetProperty("watermark");
        // 08:00-05 is 13:00 UTC, the latest instant though not the latest text.
        Assert.Equal("2026-11-01T13:00:00.123456+00:00", watermark.GetProperty("to").GetString());
        sync.Deliver(first);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());

        sync.ExecuteSource("""
            UPDATE film SET title = 'ACE GOLDFINGER II', last_update = now() WHERE film_id = 2;
            INSERT INTO film VALUES (4, 'AFFAIR PREJUDICE', now());
            """);
        var second = await sync.ExportOkAsync();

        var film = Film(TestManifests.Read(second));
        // Film 3 (13:00 UTC, the last bound) lies within the overlap; film 1 (08:00 UTC) does not.
        Assert.Equal(3, film.GetProperty("rows").GetInt64());
        Assert.Equal("2026-11-01T12:55:00.123456+00:00", film.GetProperty("watermark").GetProperty("from").GetString());
        Assert.EndsWith("+00:00", film.GetProperty("watermark").GetProperty("to").GetString(), StringComparison.Ordinal);
        var csv = TestBundles.ReadEntry(second, "tables/film.csv");
        Assert.Contains("\n2,ACE GOLDFINGER II,", csv, StringComparison.Ordinal);
        Assert.Contains("\n4,AFFAIR PREJUDICE,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n1,", csv, StringComparison.Ordinal);

        sync.Deliver(second);
        import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            [[1L, "ACADEMY DINOSAUR"], [2L, "ACE GOLDFINGER II"], [3L, "ADAPTATION HOLES"], [4L, "AFFAIR PREJUDICE"]],
            sync.QueryCentral("SELECT film_id, title FROM film ORDER BY film_id").Select(r => new object?[] { Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture), r[1] }).ToList());

        // Nothing changed: only the overlap before the bound is read again.
        var third = await sync.ExportOkAsync();
        Assert.DoesNotContain("\n1,", TestBundles.ReadEntry(third, "tables/film.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_future_dated_timestamptz_is_named_and_exported_in_every_run_without_freezing_the_table()
    {
        using var sync = NewSync();
        sync.ExecuteSource("""
            INSERT INTO film VALUES (1, 'ACADEMY DINOSAUR', now() - interval '1 day'), (9, 'SENTINEL', '9999-12-31 00:00:00+00');
            """);
        var first = await sync.ExportAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Table film: 1 rows have last_update beyond the source database's clock plus the overlap", first.Error, StringComparison.Ordinal);
        Assert.Contains("the largest 9999-12-31T00:00:00+00:00 (key film_id=9)", first.Error, StringComparison.Ordinal);
        sync.Deliver(first.Output.Trim());

        sync.ExecuteSource("INSERT INTO film VALUES (2, 'ACE GOLDFINGER', now());");
        var second = await sync.ExportOkAsync();

        var csv = TestBundles.ReadEntry(second, "tables/film.csv");
        Assert.Contains("\n2,ACE GOLDFINGER,", csv, StringComparison.Ordinal);
        Assert.Contains("\n9,SENTINEL,9999-12-31T00:00:00+00:00\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n1,", csv, StringComparison.Ordinal);
        var status = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath], o, e));
        Assert.Contains("ahead of the clock: 1 rows dated beyond the bound, the largest last_update 9999-12-31T00:00:00+00:00 (film_id=9)", status.Output, StringComparison.Ordinal);

        sync.Deliver(second);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(3, sync.CentralCount("film"));
    }

    private SyncFixture NewSync()
    {
        var sync = new SyncFixture(new PostgresTestDatabase(), CreateCentral(), SiteTables, ServerTables);
        sync.ExecuteSource("""
            CREATE TABLE film (film_id integer PRIMARY KEY, title text NOT NULL, last_update timestamptz NOT NULL DEFAULT now());
            CREATE INDEX film_last_update ON film (last_update);
            """);
        sync.Target.Execute(CentralFilm);
        return sync;
    }

    private static JsonElement Film(JsonElement manifest) => TestManifests.Table(manifest, "film");
}

public sealed class PostgresToPostgresTimestamptzChangeColumnTests : TimestamptzChangeColumnScenarios
{
    protected override string CentralFilm =>
        "CREATE TABLE film (agence varchar(10) NOT NULL, film_id integer NOT NULL, title text NOT NULL, last_update timestamptz NOT NULL, PRIMARY KEY (agence, film_id));";

    protected override TestDatabase CreateCentral() => new PostgresTestDatabase();
}

public sealed class PostgresToSqliteTimestamptzChangeColumnTests : TimestamptzChangeColumnScenarios
{
    protected override string CentralFilm =>
        "CREATE TABLE film (agence VARCHAR(10) NOT NULL, film_id INTEGER NOT NULL, title TEXT NOT NULL, last_update DATETIMEOFFSET NOT NULL, PRIMARY KEY (agence, film_id));";

    protected override TestDatabase CreateCentral() => new SqliteTestDatabase();
}

public sealed class SqliteDatetimeoffsetChangeColumnTests
{
    private static readonly object[] SiteTables = [new { name = "film", kind = "transaction", changeColumn = "last_update" }];
    private static readonly object[] ServerTables = [new { name = "film", siteColumn = "agence" }];

    [Fact]
    public async Task Values_written_with_different_offsets_are_compared_as_instants()
    {
        using var sync = SyncFixture.OnSqlite(
            "CREATE TABLE film (film_id INTEGER PRIMARY KEY, title TEXT NOT NULL, last_update DATETIMEOFFSET NOT NULL);",
            "CREATE TABLE film (agence VARCHAR(10) NOT NULL, film_id INTEGER NOT NULL, title TEXT NOT NULL, last_update DATETIMEOFFSET NOT NULL, PRIMARY KEY (agence, film_id));",
            SiteTables,
            ServerTables);
        sync.ExecuteSource("""
            INSERT INTO film VALUES
              (1, 'ACADEMY DINOSAUR', '2026-11-01T10:00:00+02:00'),
              (2, 'ACE GOLDFINGER', '2026-11-01T09:30:00+00:00'),
              (3, 'ADAPTATION HOLES', '2026-11-01T08:00:00.123-05:00');
            """);
        var first = await sync.ExportOkAsync();
        Assert.Equal("2026-11-01T13:00:00.123+00:00", Watermark(first).GetProperty("to").GetString());

        // 16:00 UTC, though its text sorts after every other value.
        sync.ExecuteSource("UPDATE film SET title = 'ACE GOLDFINGER II', last_update = '2026-11-02T01:00:00+09:00' WHERE film_id = 2;");
        var second = await sync.ExportOkAsync();
        Assert.Equal("2026-11-01T16:00:00+00:00", Watermark(second).GetProperty("to").GetString());
        var csv = TestBundles.ReadEntry(second, "tables/film.csv");
        Assert.Contains("\n2,ACE GOLDFINGER II,", csv, StringComparison.Ordinal);
        Assert.Contains("\n3,ADAPTATION HOLES,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n1,", csv, StringComparison.Ordinal);

        // 17:00 UTC, though its text sorts before the bound's.
        sync.ExecuteSource("INSERT INTO film VALUES (4, 'AFFAIR PREJUDICE', '2026-11-01T15:00:00-02:00');");
        var third = await sync.ExportOkAsync();
        csv = TestBundles.ReadEntry(third, "tables/film.csv");
        Assert.Contains("\n4,AFFAIR PREJUDICE,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n3,", csv, StringComparison.Ordinal);

        foreach (var bundle in new[] { first, second, third })
        {
            sync.Deliver(bundle);
        }

        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([[1L, "ACADEMY DINOSAUR"], [2L, "ACE GOLDFINGER II"], [3L, "ADAPTATION HOLES"], [4L, "AFFAIR PREJUDICE"]], sync.QueryCentral("SELECT film_id, title FROM film ORDER BY film_id"));
    }

    private static JsonElement Watermark(string bundle) =>
        TestManifests.Table(TestManifests.Read(bundle), "film").GetProperty("watermark");
}
