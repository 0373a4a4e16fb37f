using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// A PostgreSQL schema as real ones are written (enums, domains, arrays, jsonb, interval, inet,
/// tsvector, money, numerics wider than a bundle decimal): every column travels, as PostgreSQL's
/// own text where no portable type carries it, and arrives as the same text, compared with what
/// psql and sqlite3 print for source and target.
/// </summary>
public sealed class PostgresNativeTypeScenarios
{
    private const string Types = """
        CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
        CREATE DOMAIN release_year AS integer CHECK (VALUE BETWEEN 1901 AND 2155);
        CREATE DOMAIN price AS numeric(10,2) CHECK (VALUE >= 0);
        """;

    private const string Film = """
        CREATE TABLE film (
            film_id integer PRIMARY KEY,
            rating mpaa_rating,
            year release_year,
            rate price,
            features text[],
            scores integer[],
            weights real[],
            attrs jsonb,
            length interval,
            host inet,
            words tsvector,
            cost money,
            exact numeric(38,10),
            free numeric);
        """;

    // Arrays with NULL elements and empty ones, elements that need quoting, a jsonb with nesting,
    // numerics of 40 digits and NaN, negative intervals and money.
    private const string Rows = """
        INSERT INTO film VALUES
            (1, 'PG-13', 2006, 4.99, ARRAY['Trailers', 'Deleted Scenes'], ARRAY[1, NULL, 3], ARRAY[1.5, NULL, -0.1]::real[],
             '{"a": [1, 2.50], "b": null, "c": "x,y"}', '1 year 2 mons 3 days 04:05:06.789', '192.168.0.1/24',
             to_tsvector('simple', 'the quick brown fox'), 1234.56, 1234567890123456789012345678.1234567890,
             1234567890123456789012345678901234567890),
            (2, 'G', 1901, 0, ARRAY[]::text[], ARRAY[]::integer[], ARRAY[]::real[], '[]', '-1 days +02:00', '::1', '', -0.01,
             -0.0000000001, 'NaN'),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (4, 'NC-17', 2155, 99999999.99, ARRAY['a,b', 'quote"d', NULL, '', 'NULL', 'back\slash'], ARRAY[NULL]::integer[],
             ARRAY[3.4028235e38, 1e-45]::real[], '"text"', '0', 'fe80::1', 'a:1A b:2B', -1234.5, 0,
             -0.000000000000000000000000000000000000001);
        """;

    private const string Columns = "film_id, rating, year, rate, features, scores, weights, attrs, length, host, words, cost, exact, free";

    private static readonly object[] SiteTables = [new { name = "film", kind = "reference" }];

    private static readonly object[] ServerTables = [new { name = "film" }];

    [Fact]
    public async Task A_PostgreSQL_schema_with_enums_domains_arrays_and_wide_numerics_arrives_in_PostgreSQL_as_the_same_text()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Types + Film);
        sync.Target.Execute(Types + Film);
        sync.Source.Execute(Rows);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        var expected = DatabaseClients.Psql(sync.Source, $"SELECT {Columns} FROM film ORDER BY film_id");
        Assert.Contains("NaN", expected, StringComparison.Ordinal);
        Assert.Equal(expected, DatabaseClients.Psql(sync.Target, $"SELECT {Columns} FROM film ORDER BY film_id"));

        // Applied again (an update at the site, then the unchanged rows): text-staged columns are
        // compared as text, so json and arrays count as unchanged.
        sync.Source.Execute("UPDATE film SET features = ARRAY['Commentaries'], length = '2 hours' WHERE film_id = 2");
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(0 inserted, 1 updated, 3 unchanged)", second.Output, StringComparison.Ordinal);
        Assert.Equal(DatabaseClients.Psql(sync.Source, $"SELECT {Columns} FROM film ORDER BY film_id"), DatabaseClients.Psql(sync.Target, $"SELECT {Columns} FROM film ORDER BY film_id"));
    }

    [Fact]
    public async Task The_manifest_names_the_source_type_of_each_column_carried_as_text()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Types + Film);

        var manifest = TestManifests.Read(await sync.ExportOkAsync());

        Assert.Equal(2, manifest.GetProperty("formatVersion").GetInt32());
        var columns = TestManifests.Table(manifest, "film").GetProperty("columns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (Type: c.GetProperty("type").GetString(), Source: c.TryGetProperty("sourceType", out var s) ? s.GetString() : null));
        Assert.Equal(("int32", null), columns["film_id"]);
        Assert.Equal(("string", "mpaa_rating"), columns["rating"]);
        Assert.Equal(("int32", "release_year"), columns["year"]);
        Assert.Equal(("decimal", "price"), columns["rate"]);
        Assert.Equal(("string", "text[]"), columns["features"]);
        Assert.Equal(("string", "integer[]"), columns["scores"]);
        Assert.Equal(("string", "real[]"), columns["weights"]);
        Assert.Equal(("string", "jsonb"), columns["attrs"]);
        Assert.Equal(("string", "interval"), columns["length"]);
        Assert.Equal(("string", "inet"), columns["host"]);
        Assert.Equal(("string", "tsvector"), columns["words"]);
        Assert.Equal(("decimal", "money"), columns["cost"]);
        Assert.Equal(("string", "numeric(38,10)"), columns["exact"]);
        Assert.Equal(("string", "numeric"), columns["free"]);

        // A domain keeps its base type's modifier; money is numeric with 19 digits.
        var film = TestManifests.Table(manifest, "film").GetProperty("columns").EnumerateArray().ToList();
        var rate = film.Single(c => c.GetProperty("name").GetString() == "rate");
        var cost = film.Single(c => c.GetProperty("name").GetString() == "cost");
        Assert.Equal((10, 2), (rate.GetProperty("precision").GetInt32(), rate.GetProperty("scale").GetInt32()));
        Assert.Equal((19, 2), (cost.GetProperty("precision").GetInt32(), cost.GetProperty("scale").GetInt32()));
    }

    [Fact]
    public async Task The_same_schema_arrives_in_SQLite_text_columns_as_PostgreSQL_prints_it()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Types + Film);
        sync.Target.Execute("""
            CREATE TABLE film (
                film_id INTEGER PRIMARY KEY, rating TEXT, year INTEGER, rate DECIMAL(10,2), features TEXT, scores TEXT, weights TEXT,
                attrs TEXT, length TEXT, host TEXT, words TEXT, cost DECIMAL(19,2), exact TEXT, free TEXT)
            """);
        sync.Source.Execute(Rows);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        const string text = "film_id, rating, year, features, scores, weights, attrs, length, host, words, exact, free";
        Assert.Equal(DatabaseClients.Psql(sync.Source, $"SELECT {text} FROM film ORDER BY film_id"), DatabaseClients.Sqlite3(((SqliteTestDatabase)sync.Target).Path, $"SELECT {text} FROM film ORDER BY film_id"));
        Assert.Equal(
            [["1", "4.99", "1234.56"], ["2", "0", "-0.01"], ["3", null, null], ["4", "99999999.99", "-1234.5"]],
            sync.Target.QueryCanonical("SELECT film_id, rate, cost FROM film ORDER BY film_id"));
    }

    [Theory]
    [InlineData("INTEGER", "scores", "integer[]")]
    [InlineData("REAL", "weights", "real[]")]
    [InlineData("", "attrs", "jsonb")]
    [InlineData("JSON", "attrs", "jsonb")]
    [InlineData("NUMERIC", "free", "numeric")]
    public async Task A_column_carried_as_text_is_refused_before_any_row_by_a_SQLite_column_that_is_not_text(string declared, string column, string sourceType)
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Types + Film);
        var columns = Columns.Split(", ").Select(c => c == column ? $"{c} {declared}" : c == "film_id" ? "film_id INTEGER PRIMARY KEY" : $"{c} TEXT");
        sync.Target.Execute($"CREATE TABLE film ({string.Join(", ", columns).Replace("year TEXT", "year INTEGER", StringComparison.Ordinal).Replace("rate TEXT", "rate DECIMAL(10,2)", StringComparison.Ordinal).Replace("cost TEXT", "cost DECIMAL(19,2)", StringComparison.Ordinal)})");
        sync.Source.Execute(Rows);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.Equal(3, import.ExitCode);
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains($"Table film, column {column}: the bundle carries the source's {sourceType} values as text, which the target's {declared} column does not take", reason, StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("film"));
    }

    [Fact]
    public async Task A_column_carried_as_text_is_refused_before_any_row_by_a_PostgreSQL_column_of_another_simple_type()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Types + Film);
        sync.Target.Execute(Types + Film.Replace("length interval", "length integer", StringComparison.Ordinal));
        sync.Source.Execute(Rows);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.Equal(3, import.ExitCode);
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("Table film, column length: the bundle carries the source's interval values as text, which the target's integer column does not take (a text column keeps the text as it is on any engine; a head office of the source's engine may also declare it interval)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wide_numeric_carried_as_text_goes_into_a_PostgreSQL_numeric_of_any_precision_and_into_text()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Types + Film);
        sync.Target.Execute(Types + Film.Replace("exact numeric(38,10)", "exact numeric", StringComparison.Ordinal).Replace("free numeric", "free text", StringComparison.Ordinal));
        sync.Source.Execute(Rows);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(DatabaseClients.Psql(sync.Source, "SELECT exact, free FROM film ORDER BY film_id"), DatabaseClients.Psql(sync.Target, "SELECT exact, free FROM film ORDER BY film_id"));
    }

    [Fact]
    public async Task Text_from_SQLite_goes_into_PostgreSQL_array_tsvector_and_real_array_columns()
    {
        // These target columns made binary COPY throw InvalidCastException before: they are staged
        // as text now, and PostgreSQL reads the text with the column's own type.
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute("CREATE TABLE film (film_id INTEGER PRIMARY KEY, features TEXT, words TEXT, weights TEXT, rating TEXT)");
        sync.Target.Execute(Types + "CREATE TABLE film (film_id integer PRIMARY KEY, features text[], words tsvector, weights real[], rating mpaa_rating)");
        sync.Source.Execute("""
            INSERT INTO film VALUES (1, '{Trailers,"Deleted Scenes",NULL}', 'brown:3 fox:4 quick:2', '{1.5,NULL,-0.1}', 'PG'),
                (2, '{}', '', '{}', NULL), (3, NULL, NULL, NULL, 'R')
            """);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            "1|{Trailers,\"Deleted Scenes\",NULL}|'brown':3 'fox':4 'quick':2|{1.5,NULL,-0.1}|PG\n2|{}||{}|\n3||||R",
            DatabaseClients.Psql(sync.Target, "SELECT film_id, features, words, weights, rating FROM film ORDER BY film_id"));
    }

    [Fact]
    public async Task Text_a_PostgreSQL_column_type_cannot_read_rejects_the_bundle_naming_the_table()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute("CREATE TABLE film (film_id INTEGER PRIMARY KEY, rating TEXT, year INTEGER)");
        sync.Target.Execute(Types + "CREATE TABLE film (film_id integer PRIMARY KEY, rating mpaa_rating, year release_year)");
        sync.Source.Execute("INSERT INTO film VALUES (1, 'PG', 2000), (2, 'X-rated', 2000)");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.Equal(3, import.ExitCode);
        Assert.Contains("22P02: table film: invalid input value for enum mpaa_rating: \"X-rated\"", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("film"));
    }

    [Fact]
    public async Task A_value_a_PostgreSQL_domain_check_refuses_rejects_the_bundle_naming_the_table()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute("CREATE TABLE film (film_id INTEGER PRIMARY KEY, rating TEXT, year INTEGER)");
        sync.Target.Execute(Types + "CREATE TABLE film (film_id integer PRIMARY KEY, rating mpaa_rating, year release_year)");
        sync.Source.Execute("INSERT INTO film VALUES (1, 'PG', 2000), (2, 'R', 1800)");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.Equal(3, import.ExitCode);
        Assert.Contains("23514: table film: value for domain release_year violates check constraint", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("film"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(", f real")]
    public async Task NaN_in_a_numeric_a_bundle_decimal_carries_stops_the_export_naming_table_and_column(string otherColumns)
    {
        // With a real column the table is read through the data reader, without through COPY.
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute($"CREATE TABLE film (film_id integer PRIMARY KEY, rate numeric(12,2){otherColumns})");
        sync.Source.Execute("INSERT INTO film (film_id, rate) VALUES (1, 1.5), (2, 'NaN')");

        var export = await sync.ExportAsync();

        // The data reader's key columns are behind it (SequentialAccess): the row number names the row.
        // A value the next run would meet again: a person must fix it (exit 2), not a failure to retry.
        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("Export refused, nothing was published and the state is unchanged: Table film, row 2, column rate: ", export.Error, StringComparison.Ordinal);
        Assert.Contains("NaN", export.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", export.Error, StringComparison.Ordinal);
    }

}
