using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// The scenarios every provider must pass, written once (in the style of DbUp's
/// DatabaseSupportTestsBase): each subclass supplies real, empty databases of its provider for
/// the site and for head office.
/// </summary>
public abstract partial class ProviderScenarios
{
    protected abstract TestDatabase NewSourceDatabase();

    protected abstract TestDatabase NewTargetDatabase();

    private SyncFixture NewShop(string siteId = "AG01")
    {
        var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables, siteId);
        sync.Source.Execute(ScenarioSchema.Source);
        sync.Target.Execute(ScenarioSchema.Central);
        return sync;
    }

    private static async Task SyncAsync(SyncFixture sync, int expectedImportExit = 0)
    {
        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == expectedImportExit, import.ToString());
    }

    [Fact]
    public async Task Full_then_incremental_export_brings_inserts_and_updates_and_nothing_else()
    {
        using var sync = NewShop();
        sync.Source.Execute("""
            INSERT INTO familles VALUES (1, 'Boissons'), (2, 'Épicerie');
            INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00'), (2, 'F2', 20.00, '', '2026-11-01 11:00:00');
            INSERT INTO mouvements VALUES (1, 7, 1.500), (2, 7, -0.250);
            """);
        await SyncAsync(sync);

        sync.Source.Execute("""
            UPDATE factures SET total_ttc = 22.50, remarque = 'corrigée', modifie_le = '2026-11-02 09:00:00' WHERE id = 2;
            INSERT INTO factures VALUES (3, 'F3', 30.00, NULL, '2026-11-02 09:30:00');
            INSERT INTO mouvements VALUES (3, 8, 2.000);
            """);
        var second = await sync.ExportOkAsync();
        var factures = TestManifests.Table(TestManifests.Read(second), "factures");
        var mouvements = TestManifests.Table(TestManifests.Read(second), "mouvements");
        Assert.Equal(2, factures.GetProperty("rows").GetInt64());
        Assert.Equal(1, mouvements.GetProperty("rows").GetInt64());
        sync.Deliver(second);
        var import = await sync.ImportAsync();

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(
            [["AG01", "1", "F1", "10", null, "2026-11-01 10:00:00"], ["AG01", "2", "F2", "22.5", "corrigée", "2026-11-02 09:00:00"], ["AG01", "3", "F3", "30", null, "2026-11-02 09:30:00"]],
            sync.Target.QueryCanonical("SELECT agence, id, numero, total_ttc, remarque, modifie_le FROM factures ORDER BY id"));
        Assert.Equal([["1", "1.5"], ["2", "-0.25"], ["3", "2"]], sync.Target.QueryCanonical("SELECT id, quantite FROM mouvements ORDER BY id"));
        Assert.Contains("(2 inserted, 1 updated, 2 unchanged)", import.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_portable_type_arrives_equal_with_null_and_empty_kept_apart()
    {
        using var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.MatrixSiteTables, ScenarioSchema.MatrixServerTables);
        sync.Source.Execute(ScenarioSchema.MatrixSource);
        sync.Target.Execute(ScenarioSchema.MatrixCentral);
        sync.Source.Execute(ScenarioSchema.MatrixRows);

        await SyncAsync(sync);

        const string columns = "id, flag, small, medium, big, amount, ratio, label, note, day, at_time, stamp, stamp_tz, uid, payload";
        var expected = sync.Source.QueryCanonical($"SELECT {columns} FROM matrice ORDER BY id");
        var actual = sync.Target.QueryCanonical($"SELECT {columns} FROM matrice ORDER BY id");
        Assert.Equal(expected.Count, actual.Count);
        var names = columns.Split(", ");
        for (var row = 0; row < expected.Count; row++)
        {
            for (var column = 0; column < names.Length; column++)
            {
                Assert.True(expected[row][column] == actual[row][column], $"id {expected[row][0]}, column {names[column]}: source '{expected[row][column]}', target '{actual[row][column]}'");
            }
        }

        Assert.Equal([[string.Empty, "NULL", null, " "]], [sync.Target.QueryCanonical("SELECT note FROM matrice ORDER BY id").Select(r => r[0]).ToArray()]);
    }

    [Fact]
    public async Task A_duplicate_bundle_changes_nothing_and_a_gap_is_held_until_filled()
    {
        using var sync = NewShop();
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var first = await sync.ExportOkAsync();
        sync.Source.Execute("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");
        var second = await sync.ExportOkAsync();

        sync.Deliver(second);
        var held = await sync.ImportAsync();
        Assert.Equal(4, held.ExitCode);
        Assert.Equal(0, sync.Target.Count("factures"));

        sync.Deliver(first);
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.Deliver(first, "AG01-00000001-copy.zip");
        var duplicate = await sync.ImportAsync();

        Assert.Equal(0, duplicate.ExitCode);
        Assert.Contains("duplicate", duplicate.Output, StringComparison.Ordinal);
        Assert.Equal(2, sync.Target.Count("factures"));
        Assert.Equal([["1"], ["2"]], sync.Target.QueryCanonical("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
    }

    [Fact]
    public async Task A_tampered_bundle_is_quarantined_and_leaves_target_and_ledger_as_they_were()
    {
        using var sync = NewShop();
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        await SyncAsync(sync);
        sync.Source.Execute("INSERT INTO familles VALUES (9, 'Nouvelle'); INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");
        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);
        BundleSurgery.EditCsv(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "factures", "20.00", "90.00", fixManifest: false);
        const string Factures = "SELECT agence, id, total_ttc FROM factures ORDER BY agence, id";
        const string Familles = "SELECT agence, id, libelle FROM familles ORDER BY agence, id";
        var before = sync.Target.QueryCanonical(Factures).Concat(sync.Target.QueryCanonical(Familles)).ToList();

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(before, sync.Target.QueryCanonical(Factures).Concat(sync.Target.QueryCanonical(Familles)).ToList());
        Assert.Equal(1, sync.Target.Count("syncfiles_ledger"));
        Assert.Contains("does not match the SHA-256", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mirrored_reference_table_loses_at_head_office_the_rows_the_site_deleted_and_only_that_sites()
    {
        using var sync = NewShop();
        sync.Target.Execute("INSERT INTO familles VALUES ('AG02', 1, 'Autre site')");
        sync.Source.Execute("INSERT INTO familles VALUES (1, 'Boissons'), (2, 'Épicerie'), (3, 'Frais')");
        await SyncAsync(sync);

        sync.Source.Execute("DELETE FROM familles WHERE id = 2");
        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("1 deleted", import.Output, StringComparison.Ordinal);
        Assert.Equal([["AG01", "1"], ["AG01", "3"], ["AG02", "1"]], sync.Target.QueryCanonical("SELECT agence, id FROM familles ORDER BY agence, id"));
    }

    [Fact]
    public async Task Tombstones_in_a_bundle_delete_the_sites_rows_at_head_office()
    {
        using var sync = NewShop();
        sync.Target.Execute("INSERT INTO factures VALUES ('AG02', 1, 'X1', 1.00, NULL, '2026-01-01 00:00:00')");
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00'), (2, 'F2', 20.00, NULL, '2026-11-01 11:00:00')");
        await SyncAsync(sync);
        sync.Source.Execute("INSERT INTO factures VALUES (3, 'F3', 30.00, NULL, '2026-11-02 10:00:00')");
        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);
        // Tombstones come from change tracking on SQL Server; any importer applies them.
        BundleSurgery.AddTombstones(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "factures", "id\n1\n99\n");

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["AG01", "2"], ["AG01", "3"], ["AG02", "1"]], sync.Target.QueryCanonical("SELECT agence, id FROM factures ORDER BY agence, id"));
    }

    [Fact]
    public async Task Two_sites_share_central_tables_through_the_site_column()
    {
        using var first = NewShop("AG01");
        first.Source.Execute("INSERT INTO factures VALUES (1, 'A-1', 10.00, NULL, '2026-11-01 10:00:00')");
        await SyncAsync(first);
        using var second = new SyncFixture(NewSourceDatabase(), new SharedTarget(first.Target), ScenarioSchema.SiteTables, [.. ScenarioSchema.ServerTables], "AG02");
        second.Source.Execute(ScenarioSchema.Source);
        second.Source.Execute("INSERT INTO factures VALUES (1, 'B-1', 99.00, NULL, '2026-11-01 12:00:00')");

        await SyncAsync(second);

        Assert.Equal([["AG01", "1", "A-1"], ["AG02", "1", "B-1"]], first.Target.QueryCanonical("SELECT agence, id, numero FROM factures ORDER BY agence"));
        Assert.Equal([["AG01", "1"], ["AG02", "1"]], first.Target.QueryCanonical("SELECT site_id, sequence FROM syncfiles_ledger ORDER BY site_id"));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_the_target_is_refused_naming_table_line_and_column()
    {
        using var sync = NewShop();
        sync.Source.Execute("ALTER TABLE factures ADD COLUMN vendeur {varchar:40}");
        sync.Target.Execute("ALTER TABLE factures ADD COLUMN vendeur {varchar:5}");
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00', 'Ana'), (2, 'F2', 20.00, NULL, '2026-11-01 11:00:00', 'Jean-Baptiste')");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("table factures, line 3, column vendeur: the value is 13 characters", reason, StringComparison.Ordinal);
        Assert.Contains("'Jean-Baptiste'", reason, StringComparison.Ordinal); // only in the .error.txt, never in the log
        Assert.DoesNotContain("Jean-Baptiste", result.Error + result.Output, StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("factures"));
        Assert.Equal(0, sync.Target.Count("syncfiles_ledger"));
    }

    [Fact]
    public async Task A_decimal_with_more_digits_than_the_target_keeps_is_refused_not_rounded()
    {
        using var sync = NewShop();
        sync.Target.Execute("DROP TABLE mouvements");
        sync.Target.Execute("CREATE TABLE mouvements (agence {varchar:10} NOT NULL, id {int64} NOT NULL, article {int32} NOT NULL, quantite {decimal:12:2} NOT NULL, PRIMARY KEY (agence, id))");
        sync.Source.Execute("INSERT INTO mouvements VALUES (1, 7, 1.500), (2, 7, 1.125)");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("column quantite: the value has more than 2 digits after the point", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_column_missing_from_the_target_is_refused_with_what_to_do()
    {
        using var sync = NewShop();
        sync.Source.Execute("ALTER TABLE factures ADD COLUMN vendeur {varchar:40}");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Table factures, column vendeur: the target table has no such column", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reads_the_ledger_without_creating_it_and_reports_the_last_and_the_held_bundles()
    {
        using var sync = NewShop();
        var empty = await StatusJsonAsync(sync);
        Assert.False(empty.GetProperty("ledgerExists").GetBoolean());
        Assert.Equal("never", Assert.Single(empty.GetProperty("sites").EnumerateArray()).GetProperty("state").GetString());
        Assert.ThrowsAny<Exception>(() => sync.Target.Count("syncfiles_ledger"));

        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        await SyncAsync(sync);
        sync.Source.Execute("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");
        await sync.ExportOkAsync(); // Lost on the way.
        sync.Source.Execute("INSERT INTO factures VALUES (3, 'F3', 30.00, NULL, '2026-11-03 10:00:00')");
        sync.Deliver(await sync.ExportOkAsync());
        var rows = sync.Target.QueryCanonical("SELECT rows_total FROM syncfiles_ledger")[0][0];

        var status = await StatusJsonAsync(sync);

        Assert.True(status.GetProperty("ledgerExists").GetBoolean());
        var site = Assert.Single(status.GetProperty("sites").EnumerateArray());
        Assert.Equal("held", site.GetProperty("state").GetString());
        Assert.Equal("ok", site.GetProperty("lag").GetString());
        Assert.Equal(1, site.GetProperty("lastApplied").GetProperty("sequence").GetInt64());
        Assert.Equal("full", site.GetProperty("lastApplied").GetProperty("mode").GetString());
        Assert.Equal(rows, site.GetProperty("lastApplied").GetProperty("rows").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(site.GetProperty("lastApplied").GetProperty("ageSeconds").GetInt64(), 0, 600);
        var held = Assert.Single(site.GetProperty("held").EnumerateArray());
        Assert.Equal("AG01-00000003.zip", held.GetProperty("file").GetString());
        Assert.Equal(2, held.GetProperty("waitsFor").GetInt64());
        Assert.Equal(rows, site.GetProperty("rowsPerDay").EnumerateArray().Last().GetProperty("rows").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["AG01-00000003.zip"], SyncFixture.Files(sync.Inbox));

        // Rows per day are counted by UTC day, whatever offset a time was written with.
        var twoDaysAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        var lateEvening = twoDaysAgo.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:30:00-02:00";
        var morning = twoDaysAgo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T10:00:00+00:00";
        const string NoCounts = "{}";
        sync.Target.Execute($"""
            INSERT INTO syncfiles_ledger (site_id, sequence, bundle_id, sha256, mode, applied_utc, rows_total, row_counts)
            VALUES ('AG07', 1, '{Guid.NewGuid()}', '{new string('a', 64)}', 'full', '{lateEvening}', 40, '{NoCounts}'),
                   ('AG07', 2, '{Guid.NewGuid()}', '{new string('b', 64)}', 'incremental', '{morning}', 2, '{NoCounts}')
            """);

        var withOther = (await StatusJsonAsync(sync)).GetProperty("sites").EnumerateArray().ToList();

        Assert.Equal(["AG01", "AG07"], withOther.Select(s => s.GetProperty("siteId").GetString()));
        var other = withOther[1];
        Assert.False(other.GetProperty("configured").GetBoolean());
        Assert.Equal(2, other.GetProperty("bundlesApplied").GetInt64());
        Assert.Equal("incremental", other.GetProperty("lastApplied").GetProperty("mode").GetString());
        var day = other.GetProperty("rowsPerDay").EnumerateArray().Single(d => d.GetProperty("date").GetString() == twoDaysAgo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(42, day.GetProperty("rows").GetInt64());
        Assert.Equal(2, day.GetProperty("bundles").GetInt64());
        Assert.Equal(42, other.GetProperty("rowsPerDay").EnumerateArray().Sum(d => d.GetProperty("rows").GetInt64()));
    }

    private static async Task<System.Text.Json.JsonElement> StatusJsonAsync(SyncFixture sync)
    {
        var result = await Importer.StatusTests.StatusAsync(sync, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    /// <summary>A second fixture's view of an existing database, which it must not drop.</summary>
    private sealed class SharedTarget(TestDatabase inner) : TestDatabase
    {
        public override string Provider => inner.Provider;

        public override string ConnectionString => inner.ConnectionString;

        public override void Dispose()
        {
            // Owned by the first fixture.
        }

        protected override void ExecuteRendered(string sql) => inner.Execute(sql);

        protected override List<object?[]> QueryRendered(string sql) => inner.Query(sql);

        protected override string TypeName(string portable, string[] arguments) => throw new NotSupportedException();

        protected override string BooleanLiteral(bool value) => throw new NotSupportedException();

        protected override string BinaryLiteral(string hex) => throw new NotSupportedException();
    }
}

public sealed class SqliteScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqliteTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();
}

public sealed class PostgresScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new PostgresTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();
}

/// <summary>Export from PostgreSQL, import into SQLite.</summary>
public sealed class PostgresToSqliteScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new PostgresTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();
}

/// <summary>Export from SQLite, import into PostgreSQL.</summary>
public sealed class SqliteToPostgresScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqliteTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();
}

/// <summary>The live SQL Server suite: runs when SYNCFILES_TEST_SQLSERVER names a server, skipped with the reason otherwise.</summary>
public sealed class SqlServerScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqlServerTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new SqlServerTestDatabase();
}

/// <summary>MariaDB at the shop and at head office (SYNCFILES_TEST_MYSQL; tests/mariadb.sh starts one).</summary>
public sealed class MySqlScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new MySqlTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new MySqlTestDatabase();
}

/// <summary>Export from SQLite, import into MariaDB.</summary>
public sealed class SqliteToMySqlScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqliteTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new MySqlTestDatabase();
}

/// <summary>Export from MariaDB, import into PostgreSQL.</summary>
public sealed class MySqlToPostgresScenarios : ProviderScenarios
{
    protected override TestDatabase NewSourceDatabase() => new MySqlTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();
}
