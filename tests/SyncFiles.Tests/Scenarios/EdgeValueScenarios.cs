using Microsoft.Data.Sqlite;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// The values real business databases hold at the edges of their types, carried between real
/// PostgreSQL and SQLite databases by the two programs and compared with the databases' own
/// clients (psql -At, sqlite3): sentinel dates 0001-01-01 and 9999-12-31, PostgreSQL's infinities,
/// float NaN, decimals wider than SQLite keeps.
/// </summary>
public sealed class EdgeValueScenarios
{
    private const string Select = "SELECT id, d, ts, tstz FROM edge ORDER BY id";

    private const string PostgresEdgeRows = """
        INSERT INTO edge (id, d, ts, tstz) VALUES
            (1, '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00'),
            (2, '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00'),
            (3, 'infinity', 'infinity', 'infinity'),
            (4, '-infinity', '-infinity', '-infinity'),
            (5, '2024-02-29', '2024-02-29 08:30:00.5', '2024-02-29 08:30:00.5+01'),
            (6, NULL, NULL, NULL)
        """;

    private static readonly object[] SiteTables = [new { name = "edge", kind = "reference" }];

    private static readonly object[] ServerTables = [new { name = "edge", siteColumn = "agence" }];

    [Theory]
    [InlineData("")]
    [InlineData(", f double precision")]
    public async Task Sentinel_dates_and_infinities_travel_from_PostgreSQL_to_PostgreSQL_exactly(string extraColumn)
    {
        // With a double precision column the table is read through the data reader instead of COPY.
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.ExecuteSource($"CREATE TABLE edge (id integer PRIMARY KEY, d date, ts timestamp(6), tstz timestamptz{extraColumn})");
        sync.ExecuteSource(PostgresEdgeRows);
        sync.Target.Execute($"CREATE TABLE edge (agence text NOT NULL, id integer NOT NULL, d date, ts timestamp(6), tstz timestamptz{extraColumn}, PRIMARY KEY (agence, id))");

        var bundle = await sync.ExportOkAsync();
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        var source = DatabaseClients.Psql(sync.Source, Select);
        Assert.Equal(
            """
            1|0001-01-01|0001-01-01 00:00:00|0001-01-01 00:00:00+00
            2|9999-12-31|9999-12-31 23:59:59.999999|9999-12-31 23:59:59.999999+00
            3|infinity|infinity|infinity
            4|-infinity|-infinity|-infinity
            5|2024-02-29|2024-02-29 08:30:00.5|2024-02-29 07:30:00.5+00
            6|||
            """.ReplaceLineEndings("\n"),
            source);
        Assert.Equal(source, DatabaseClients.Psql(sync.Target, Select));
        var csv = string.Empty;
        BundleSurgery.Rewrite(bundle, Path.Combine(sync.Root, "read.zip"), (name, content) =>
        {
            csv = name == "tables/edge.csv" ? System.Text.Encoding.UTF8.GetString(content) : csv;
            return content;
        });
        Assert.Contains("3,infinity,infinity,infinity", csv, StringComparison.Ordinal);
        Assert.Contains("1,0001-01-01,0001-01-01T00:00:00,0001-01-01T00:00:00+00:00", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sentinel_dates_from_SQLite_stay_real_dates_at_a_PostgreSQL_head_office()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), SiteTables, ServerTables);
        sync.ExecuteSource("""
            CREATE TABLE edge (id INTEGER PRIMARY KEY, d DATE, ts DATETIME, tstz DATETIMEOFFSET);
            INSERT INTO edge VALUES (1, '0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00:00'),
                                    (2, '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00:00');
            """);
        sync.Target.Execute("CREATE TABLE edge (agence text NOT NULL, id integer NOT NULL, d date, ts timestamp(6), tstz timestamptz, PRIMARY KEY (agence, id))");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            """
            1|0001-01-01|0001-01-01 00:00:00|0001-01-01 00:00:00+00
            2|9999-12-31|9999-12-31 23:59:59.999999|9999-12-31 23:59:59.999999+00
            """.ReplaceLineEndings("\n"),
            DatabaseClients.Psql(sync.Target, Select));
    }

    [Fact]
    public async Task PostgreSQL_infinities_are_kept_as_text_by_a_SQLite_head_office_and_travel_back_exactly()
    {
        using var toSqlite = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), SiteTables, ServerTables);
        toSqlite.ExecuteSource("CREATE TABLE edge (id integer PRIMARY KEY, d date, ts timestamp(6), tstz timestamptz)");
        toSqlite.ExecuteSource(PostgresEdgeRows);
        toSqlite.Target.Execute("CREATE TABLE edge (agence TEXT NOT NULL, id INTEGER NOT NULL, d DATE, ts DATETIME, tstz DATETIMEOFFSET, PRIMARY KEY (agence, id))");
        toSqlite.Deliver(await toSqlite.ExportOkAsync());
        var import = await toSqlite.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());

        var stored = DatabaseClients.Sqlite3(toSqlite.Target.AsSqlite().Path, "SELECT id, typeof(d), d, ts, tstz FROM edge WHERE id IN (1, 3, 4) ORDER BY id");
        Assert.Equal(
            """
            1|text|0001-01-01|0001-01-01 00:00:00|0001-01-01 00:00:00+00:00
            3|text|infinity|infinity|infinity
            4|text|-infinity|-infinity|-infinity
            """.ReplaceLineEndings("\n"),
            stored);

        // The SQLite head office's table, exported as a site of its own into PostgreSQL.
        var copy = new SqliteTestDatabase();
        SqliteConnection.ClearAllPools();
        File.Copy(toSqlite.Target.AsSqlite().Path, copy.Path, overwrite: true);
        using var back = new SyncFixture(copy, new PostgresTestDatabase(), SiteTables, [new { name = "edge" }], "AG02");
        back.Target.Execute("CREATE TABLE edge (agence text NOT NULL, id integer NOT NULL, d date, ts timestamp(6), tstz timestamptz, PRIMARY KEY (agence, id))");
        back.Deliver(await back.ExportOkAsync());
        import = await back.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(DatabaseClients.Psql(toSqlite.Source, Select), DatabaseClients.Psql(back.Target, Select));
    }

    [Fact]
    public async Task Float_NaN_into_SQLite_is_quarantined_naming_bundle_table_line_and_column()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "mesures", kind = "reference" }], [new { name = "mesures", siteColumn = "agence" }]);
        sync.ExecuteSource("CREATE TABLE mesures (id integer PRIMARY KEY, v double precision); INSERT INTO mesures VALUES (1, 1.5), (2, 'NaN')");
        sync.Target.Execute("CREATE TABLE mesures (agence TEXT NOT NULL, id INTEGER NOT NULL, v REAL, PRIMARY KEY (agence, id))");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var reason = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("AG01-00000001.zip:tables/mesures.csv, table mesures, line 3, column v: NaN cannot be stored in the target column v (REAL): it has no NaN.", reason, StringComparison.Ordinal);
        Assert.Equal("0", DatabaseClients.Sqlite3(sync.Target.AsSqlite().Path, "SELECT COUNT(*) FROM mesures"));
    }

    [Fact]
    public async Task A_decimal_a_SQLite_NUMERIC_column_would_round_is_quarantined_naming_bundle_table_line_and_column()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "soldes", kind = "reference" }], [new { name = "soldes", siteColumn = "agence" }]);
        sync.ExecuteSource("CREATE TABLE soldes (id integer PRIMARY KEY, montant numeric(28,0)); INSERT INTO soldes VALUES (1, 12), (2, 1234567890123456789012345678)");
        sync.Target.Execute("CREATE TABLE soldes (agence TEXT NOT NULL, id INTEGER NOT NULL, montant DECIMAL(28,0), PRIMARY KEY (agence, id))");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var reason = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("AG01-00000001.zip:tables/soldes.csv, table soldes, line 3, column montant: the value has 28 significant digits; the target column montant (DECIMAL(28,0)) keeps 15 and would round it", reason, StringComparison.Ordinal);
        Assert.Equal("0", DatabaseClients.Sqlite3(sync.Target.AsSqlite().Path, "SELECT COUNT(*) FROM soldes"));
    }

    [Fact]
    public async Task Decimals_a_SQLite_NUMERIC_column_keeps_exactly_are_stored()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "soldes", kind = "reference" }], [new { name = "soldes", siteColumn = "agence" }]);
        sync.ExecuteSource("""
            CREATE TABLE soldes (id integer PRIMARY KEY, entier numeric(28,0), montant numeric(18,3));
            INSERT INTO soldes VALUES (1, 1234567890123456789, 123456789012.345), (2, -9223372036854775808, -0.001)
            """);
        sync.Target.Execute("CREATE TABLE soldes (agence TEXT NOT NULL, id INTEGER NOT NULL, entier NUMERIC, montant DECIMAL(18,3), PRIMARY KEY (agence, id))");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            """
            1|integer|1234567890123456789|123456789012.345
            2|integer|-9223372036854775808|-0.001
            """.ReplaceLineEndings("\n"),
            DatabaseClients.Sqlite3(sync.Target.AsSqlite().Path, "SELECT id, typeof(entier), entier, montant FROM soldes ORDER BY id"));
    }
    [Fact]
    public async Task A_28_digit_decimal_into_a_SQLite_column_without_numeric_affinity_is_stored_as_its_exact_text()
    {
        // No declared type: BLOB affinity, which stores the bound text as it is (as TEXT affinity does).
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "soldes", kind = "reference" }], [new { name = "soldes", siteColumn = "agence" }]);
        sync.ExecuteSource("CREATE TABLE soldes (id integer PRIMARY KEY, montant numeric(28,10)); INSERT INTO soldes VALUES (1, 123456789012345678.1234567890)");
        sync.Target.Execute("CREATE TABLE soldes (agence TEXT NOT NULL, id INTEGER NOT NULL, montant, PRIMARY KEY (agence, id))");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal("text|123456789012345678.1234567890", DatabaseClients.Sqlite3(sync.Target.AsSqlite().Path, "SELECT typeof(montant), montant FROM soldes"));
    }
}
