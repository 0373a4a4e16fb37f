using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Target tables as real databases shape them, in each engine's own DDL: names in another case
/// than the bundle's, columns the target computes or numbers itself, partitioned tables, and text
/// columns that take any value as its bundle text. Read back with the engines' own shells.
/// </summary>
public sealed class TargetShapeTests
{
    private const string ChinookAlbum = """
        CREATE TABLE "Album" ("AlbumId" integer PRIMARY KEY, "Title" varchar(160) NOT NULL, "ArtistId" integer NOT NULL);
        INSERT INTO "Album" VALUES (1, 'For Those About To Rock We Salute You', 1), (2, 'Balls to the Wall', 2), (3, 'Restless and Wild', 2);
        """;

    [Theory]
    [InlineData("album", "Album")]
    [InlineData("Album", "album")]
    public async Task Mixed_case_PostgreSQL_names_travel_to_a_lower_case_target_whatever_case_the_configurations_use(string siteName, string serverName)
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), [new { name = siteName, kind = "reference" }], [new { name = serverName }]);
        sync.Source.Execute(ChinookAlbum);
        sync.Target.Execute("CREATE TABLE album (albumid integer PRIMARY KEY, title varchar(160) NOT NULL, artistid integer NOT NULL)");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("3 inserted", import.Output, StringComparison.Ordinal);
        var source = Psql(sync.Source, "SELECT \"AlbumId\", \"Title\", \"ArtistId\" FROM \"Album\" ORDER BY 1");
        Assert.Equal(source, Psql(sync.Target, "SELECT albumid, title, artistid FROM album ORDER BY 1"));
        Assert.Contains("1|For Those About To Rock We Salute You|1", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mixed_case_PostgreSQL_names_travel_to_a_SQLite_target_spelled_otherwise()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "Album", kind = "reference" }], [new { name = "album" }]);
        sync.Source.Execute(ChinookAlbum);
        sync.Target.Execute("CREATE TABLE ALBUM (ALBUMID INTEGER PRIMARY KEY, title VARCHAR(160) NOT NULL, ArtistID INTEGER NOT NULL)");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            Psql(sync.Source, "SELECT \"AlbumId\", \"Title\", \"ArtistId\" FROM \"Album\" ORDER BY 1"),
            Sqlite3(((SqliteTestDatabase)sync.Target).Path, "SELECT ALBUMID, title, ArtistID FROM ALBUM ORDER BY 1"));
    }

    [Fact]
    public async Task A_mixed_case_PostgreSQL_transaction_table_exports_its_changes_incrementally_by_its_mixed_case_change_column()
    {
        using var sync = new SyncFixture(
            new PostgresTestDatabase(), new PostgresTestDatabase(), [new { name = "invoice", kind = "transaction", changeColumn = "invoicedate" }], [new { name = "Invoice" }]);
        sync.Source.Execute("""
            CREATE TABLE "Invoice" ("InvoiceId" integer PRIMARY KEY, "Total" numeric(10,2) NOT NULL, "InvoiceDate" timestamp NOT NULL);
            CREATE INDEX "IX_Invoice_InvoiceDate" ON "Invoice" ("InvoiceDate");
            INSERT INTO "Invoice" VALUES (1, 1.98, '2009-01-01 00:00:00'), (2, 3.96, '2009-01-02 00:00:00');
            """);
        sync.Target.Execute("CREATE TABLE invoice (invoiceid integer PRIMARY KEY, total numeric(10,2) NOT NULL, invoicedate timestamp NOT NULL)");

        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();
        sync.Source.Execute("""UPDATE "Invoice" SET "Total" = 5.94, "InvoiceDate" = '2009-01-03 00:00:00' WHERE "InvoiceId" = 2; INSERT INTO "Invoice" VALUES (3, 8.91, '2009-01-03 00:00:00');""");
        var export = await sync.ExportAsync();
        sync.Deliver(export.Output.Trim());
        var second = await sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.DoesNotContain("no index starts with", export.Error, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(1 inserted, 1 updated, 0 unchanged)", second.Output, StringComparison.Ordinal);
        Assert.Equal(
            Psql(sync.Source, "SELECT \"InvoiceId\", \"Total\", \"InvoiceDate\" FROM \"Invoice\" ORDER BY 1"),
            Psql(sync.Target, "SELECT invoiceid, total, invoicedate FROM invoice ORDER BY 1"));
    }

    [Fact]
    public async Task Two_target_columns_that_differ_only_by_case_quarantine_the_bundle_naming_both()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), [new { name = "album", kind = "reference" }], [new { name = "album" }]);
        sync.Source.Execute(ChinookAlbum);
        sync.Target.Execute("""CREATE TABLE album (albumid integer PRIMARY KEY, "AlbumId" integer, title varchar(160) NOT NULL, artistid integer NOT NULL)""");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("column AlbumId", reason, StringComparison.Ordinal);
        Assert.Contains("albumid and AlbumId", reason, StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("album"));
    }

    [Fact]
    public async Task Two_target_tables_that_differ_only_by_case_quarantine_the_bundle_naming_both()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), [new { name = "album", kind = "reference" }], [new { name = "album" }]);
        sync.Source.Execute(ChinookAlbum);
        sync.Target.Execute("""
            CREATE TABLE album (albumid integer PRIMARY KEY, title varchar(160) NOT NULL, artistid integer NOT NULL);
            CREATE TABLE "Album" ("AlbumId" integer PRIMARY KEY, "Title" varchar(160) NOT NULL, "ArtistId" integer NOT NULL);
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("tables Album and album", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_source_tables_that_differ_only_by_case_stop_the_export_naming_both()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), [new { name = "album", kind = "reference" }], [new { name = "album" }]);
        sync.Source.Execute(ChinookAlbum + "CREATE TABLE album (albumid integer PRIMARY KEY);");

        var export = await sync.ExportAsync();

        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("Album and album", export.Error, StringComparison.Ordinal);
    }

    private const string LinesSource = """
        CREATE TABLE lignes (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price DECIMAL(10,2) NOT NULL, total DECIMAL(12,2) NOT NULL);
        INSERT INTO lignes VALUES (1, 2, 1.50, 0), (2, 3, 10.00, 0);
        """;

    [Fact]
    public async Task Generated_and_identity_always_columns_at_a_PostgreSQL_head_office_take_the_rows_and_compute_their_own_values()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "lignes", kind = "reference" }], [new { name = "lignes" }]);
        sync.Source.Execute(LinesSource);
        sync.Target.Execute("""
            CREATE TABLE lignes (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                qty integer NOT NULL,
                price numeric(10,2) NOT NULL,
                total numeric(12,2) GENERATED ALWAYS AS (qty * price) STORED,
                price_text varchar(3) GENERATED ALWAYS AS (left(price::text, 3)) STORED)
            """);
        sync.Source.Execute("ALTER TABLE lignes ADD COLUMN price_text TEXT; UPDATE lignes SET price_text = 'longer than three';");

        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();
        sync.Source.Execute("UPDATE lignes SET qty = 4 WHERE id = 2; INSERT INTO lignes VALUES (7, 1, 0.99, 0, 'longer than three');");
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("lignes: total, price_text left out: the target computes these columns itself", first.Error, StringComparison.Ordinal);
        Assert.Contains("(1 inserted, 1 updated, 1 unchanged)", second.Output, StringComparison.Ordinal);
        Assert.Equal("1|2|1.50|3.00|1.5\n2|4|10.00|40.00|10.\n7|1|0.99|0.99|0.9\n", Psql(sync.Target, "SELECT id, qty, price, total, price_text FROM lignes ORDER BY id"));
    }

    [Fact]
    public async Task Generated_columns_at_a_SQLite_head_office_take_the_rows_and_compute_their_own_values()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new SqliteTestDatabase(), [new { name = "lignes", kind = "reference" }], [new { name = "lignes" }]);
        sync.Source.Execute(LinesSource);
        sync.Target.Execute("""
            CREATE TABLE lignes (
                id INTEGER PRIMARY KEY,
                qty INTEGER NOT NULL,
                price DECIMAL(10,2) NOT NULL,
                total DECIMAL(12,2) GENERATED ALWAYS AS (qty * price) STORED,
                doubled INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL)
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("lignes: total left out", import.Error, StringComparison.Ordinal);
        Assert.Equal("1|2|1.5|3|4\n2|3|10|30|6\n", Sqlite3(sync.Target.AsSqlite().Path, "SELECT id, qty, price, total, doubled FROM lignes ORDER BY id"));
    }

    [Fact]
    public async Task A_generated_column_in_the_merge_key_is_refused_with_the_reason()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "lignes", kind = "reference" }], [new { name = "lignes", key = new[] { "total" } }]);
        sync.Source.Execute(LinesSource);
        sync.Target.Execute("""
            CREATE TABLE lignes (id bigint NOT NULL, qty integer NOT NULL, price numeric(10,2) NOT NULL,
                total numeric(12,2) GENERATED ALWAYS AS (qty * price) STORED UNIQUE)
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Contains("column total: the merge key has a generated column", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partitioned_PostgreSQL_target_table_takes_the_rows_and_counts_inserts_and_updates()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "ventes", kind = "reference" }], [new { name = "ventes" }]);
        sync.Source.Execute("""
            CREATE TABLE ventes (id INTEGER NOT NULL, jour DATE NOT NULL, montant DECIMAL(10,2) NOT NULL, PRIMARY KEY (id, jour));
            INSERT INTO ventes VALUES (1, '2025-06-01', 10.00), (2, '2026-03-01', 20.00), (3, '2026-04-01', 30.00);
            """);
        sync.Target.Execute("""
            CREATE TABLE ventes (id bigint NOT NULL, jour date NOT NULL, montant numeric(10,2) NOT NULL, PRIMARY KEY (id, jour)) PARTITION BY RANGE (jour);
            CREATE TABLE ventes_2025 PARTITION OF ventes FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE ventes_2026 PARTITION OF ventes FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();
        sync.Source.Execute("UPDATE ventes SET montant = 25.00 WHERE id = 2; INSERT INTO ventes VALUES (4, '2025-12-31', 40.00);");
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("(3 inserted, 0 updated, 0 unchanged)", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("(1 inserted, 1 updated, 2 unchanged)", second.Output, StringComparison.Ordinal);
        Assert.Equal(
            "ventes_2025|1|2025-06-01|10.00\nventes_2025|4|2025-12-31|40.00\nventes_2026|2|2026-03-01|25.00\nventes_2026|3|2026-04-01|30.00\n",
            Psql(sync.Target, "SELECT tableoid::regclass, id, jour, montant FROM ventes ORDER BY 1, 2"));
    }

    private const string TextSource = """
        CREATE TABLE valeurs (id INTEGER PRIMARY KEY, stamp_tz DATETIMEOFFSET, uid UUID, amount DECIMAL(12,3), stamp DATETIME);
        INSERT INTO valeurs VALUES
            (1, '2026-11-26T10:15:30.5+05:30', '0F8FAD5B-D9CB-469F-A165-70867728950E', 12.500, '2026-11-26 10:15:30.25'),
            (2, '2000-01-01T00:00:00-08:00', '00000000-0000-0000-0000-000000000001', -0.001, '1900-01-01 00:00:00');
        """;

    private const string TextExpected =
        "1|2026-11-26T10:15:30.5+05:30|0f8fad5b-d9cb-469f-a165-70867728950e|12.500|2026-11-26T10:15:30.25\n" +
        "2|2000-01-01T00:00:00-08:00|00000000-0000-0000-0000-000000000001|-0.001|1900-01-01T00:00:00\n";

    [Fact]
    public async Task Date_times_with_offset_guids_and_decimals_keep_their_exact_bundle_text_in_SQLite_TEXT_columns()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new SqliteTestDatabase(), [new { name = "valeurs", kind = "reference" }], [new { name = "valeurs" }]);
        sync.Source.Execute(TextSource);
        sync.Target.Execute("CREATE TABLE valeurs (id INTEGER PRIMARY KEY, stamp_tz TEXT, uid TEXT, amount TEXT, stamp VARCHAR(40))");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(TextExpected, Sqlite3(sync.Target.AsSqlite().Path, "SELECT id, stamp_tz, uid, amount, stamp FROM valeurs ORDER BY id"));
        Assert.Equal("text|text\ntext|text\n", Sqlite3(sync.Target.AsSqlite().Path, "SELECT typeof(stamp_tz), typeof(amount) FROM valeurs ORDER BY id"));
    }

    [Fact]
    public async Task Date_times_with_offset_guids_and_decimals_keep_their_exact_bundle_text_in_PostgreSQL_text_columns()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "valeurs", kind = "reference" }], [new { name = "valeurs" }]);
        sync.Source.Execute(TextSource);
        sync.Target.Execute("CREATE TABLE valeurs (id integer PRIMARY KEY, stamp_tz text, uid text, amount text, stamp varchar(40))");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(TextExpected, Psql(sync.Target, "SELECT id, stamp_tz, uid, amount, stamp FROM valeurs ORDER BY id"));
    }

    // The assertions here expect the clients' output with its last line feed.
    private static string Psql(TestDatabase database, string sql) => DatabaseClients.Psql(database, sql) + "\n";

    private static string Sqlite3(string path, string sql) => DatabaseClients.Sqlite3(path, sql) + "\n";
}
