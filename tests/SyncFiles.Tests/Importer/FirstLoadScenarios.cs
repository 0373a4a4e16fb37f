using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Scenarios;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// A site's first load of a table goes straight into it (binary COPY, prepared inserts) instead of
/// staging and upsert (issue 16): the same bundle, applied once into a table without the site's
/// rows and once into one that already holds some, leaves the same table as the database's own
/// client prints it; a conflict rolls the whole bundle back on either path with the same refusal.
/// Written once, run for each central database by a subclass.
/// </summary>
public abstract class FirstLoadScenarios
{
    protected abstract TestDatabase NewTargetDatabase();

    /// <summary>Every row of <paramref name="table"/> (<paramref name="columns"/>, ordered by site and id) as the engine's own client prints it.</summary>
    protected abstract string Dump(TestDatabase database, string table, IReadOnlyList<string> columns);

    private static readonly string[] MatrixColumns =
        ["agence", "id", "flag", "small", "medium", "big", "amount", "ratio", "label", "note", "day", "at_time", "stamp", "stamp_tz", "uid", "payload"];

    // Another site's row, there on both sides: a first load of AG01 must leave it as it is.
    private const string OtherSite = "INSERT INTO matrice (agence, id, label, amount) VALUES ('AG02', 1, 'autre site', 1.5)";

    private SyncFixture MatrixShop()
    {
        object[] siteTables = [new { name = "matrice", kind = "reference", deletes = "mirror" }];
        var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), siteTables, ScenarioSchema.MatrixServerTables);
        sync.Source.Execute(ScenarioSchema.MatrixSource);
        sync.Source.Execute(ScenarioSchema.MatrixRows);
        sync.Target.Execute(ScenarioSchema.MatrixCentral);
        sync.Target.Execute(OtherSite);
        return sync;
    }

    private static async Task<CliResult> ImportVerboseAsync(SyncFixture sync) =>
        await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", sync.ServerConfigPath, "--verbose"], o, e));

    [Fact]
    public async Task A_first_load_straight_into_the_table_leaves_the_table_staging_and_merge_leave()
    {
        using var direct = MatrixShop();
        using var merged = MatrixShop();

        // The merged side already holds two rows of the site: one the bundle changes, one it no longer has.
        merged.Target.Execute("INSERT INTO matrice (agence, id, label) VALUES ('AG01', 3, 'ancienne valeur'), ('AG01', 99, 'disparu')");
        var bundle = await direct.ExportOkAsync();
        direct.Deliver(bundle);
        merged.Deliver(bundle);

        var first = await ImportVerboseAsync(direct);
        var again = await ImportVerboseAsync(merged);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("straight into the table", first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("straight into the table", again.ToString(), StringComparison.Ordinal);
        Assert.Contains("(4 inserted, 0 updated, 0 unchanged)", first.Output + first.Error, StringComparison.Ordinal);
        Assert.Contains("(3 inserted, 1 updated, 0 unchanged, 1 deleted)", again.Output + again.Error, StringComparison.Ordinal);

        var expected = Dump(merged.Target, "matrice", MatrixColumns);
        Assert.Equal(expected, Dump(direct.Target, "matrice", MatrixColumns));
        Assert.Equal(5, expected.Split('\n').Length);
        Assert.Equal(
            [["AG01", "1"]],
            direct.Target.QueryCanonical("SELECT site_id, sequence FROM syncfiles_ledger"));
        Assert.Equal(
            merged.Target.QueryCanonical("SELECT site_id, sequence, rows_total FROM syncfiles_ledger"),
            direct.Target.QueryCanonical("SELECT site_id, sequence, rows_total FROM syncfiles_ledger"));
    }

    [Fact]
    public async Task The_same_bundle_again_after_a_first_load_changes_nothing()
    {
        using var sync = MatrixShop();
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        var loaded = Dump(sync.Target, "matrice", MatrixColumns);

        sync.Deliver(await sync.ExportOkAsync("--full"));
        var again = await sync.ImportAsync();

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("(0 inserted, 0 updated, 4 unchanged)", again.Output + again.Error, StringComparison.Ordinal);
        Assert.Equal(loaded, Dump(sync.Target, "matrice", MatrixColumns));
    }

    private const string NumberedSource = """
        CREATE TABLE familles (id {int64} PRIMARY KEY, libelle {varchar:60} NOT NULL);
        CREATE TABLE factures (id {int64} PRIMARY KEY, numero {varchar:20} NOT NULL);
        INSERT INTO familles VALUES (1, 'Boissons'), (2, 'Épicerie');
        INSERT INTO factures VALUES (1, 'F-0001'), (2, 'F-0002'), (3, 'F-0003');
        """;

    // Invoice numbers are unique across every site: another site's F-0002 conflicts with this site's.
    private const string NumberedCentral = """
        CREATE TABLE familles (agence {varchar:10} NOT NULL, id {int64} NOT NULL, libelle {varchar:60} NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE factures (agence {varchar:10} NOT NULL, id {int64} NOT NULL, numero {varchar:20} NOT NULL, PRIMARY KEY (agence, id), CONSTRAINT factures_numero UNIQUE (numero));
        INSERT INTO factures VALUES ('AG02', 7, 'F-0002');
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_key_another_site_holds_rolls_the_whole_bundle_back_on_either_path(bool siteHasRows)
    {
        object[] siteTables = [new { name = "familles", kind = "reference" }, new { name = "factures", kind = "reference" }];
        object[] serverTables = [new { name = "familles", siteColumn = "agence" }, new { name = "factures", siteColumn = "agence" }];
        using var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), siteTables, serverTables);
        sync.Source.Execute(NumberedSource);
        sync.Target.Execute(NumberedCentral);
        if (siteHasRows)
        {
            sync.Target.Execute("INSERT INTO familles VALUES ('AG01', 1, 'Boissons'); INSERT INTO factures VALUES ('AG01', 1, 'F-0001')");
        }

        var before = Dump(sync.Target, "familles", ["agence", "id", "libelle"]) + "\n" + Dump(sync.Target, "factures", ["agence", "id", "numero"]);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await ImportVerboseAsync(sync);

        Assert.True(import.ExitCode == ExitCodes.Quarantined, import.ToString());
        Assert.Equal(siteHasRows ? 0 : 2, CountOccurrences(import.ToString(), "straight into the table"));
        Assert.Equal(before, Dump(sync.Target, "familles", ["agence", "id", "libelle"]) + "\n" + Dump(sync.Target, "factures", ["agence", "id", "numero"]));
        Assert.Equal(0, sync.Target.Count("syncfiles_ledger"));
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains(UniqueRefusal, reason, StringComparison.Ordinal);
    }

    /// <summary>What the refusal of a row that breaks the unique constraint factures_numero says on this engine.</summary>
    protected abstract string UniqueRefusal { get; }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

public sealed class SqliteFirstLoadScenarios : FirstLoadScenarios
{
    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();

    // quote(): each value with its storage class (text quoted, blob X'..', real with its point).
    protected override string Dump(TestDatabase database, string table, IReadOnlyList<string> columns) =>
        DatabaseClients.Sqlite3(((SqliteTestDatabase)database).Path, $"SELECT {string.Join(", ", columns.Select(c => $"quote({c})"))} FROM {table} ORDER BY agence, id");

    protected override string UniqueRefusal => "UNIQUE constraint failed: factures.numero";
}

public sealed class PostgresFirstLoadScenarios : FirstLoadScenarios
{
    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();

    protected override string Dump(TestDatabase database, string table, IReadOnlyList<string> columns) =>
        DatabaseClients.Psql(database, $"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY agence, id");

    protected override string UniqueRefusal => "duplicate key value violates unique constraint \"factures_numero\"";
}
