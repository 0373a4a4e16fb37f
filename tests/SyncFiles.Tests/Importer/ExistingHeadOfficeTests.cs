using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// A head office whose schema already exists under its own names (snake_case, other table names,
/// as the PostgreSQL script of a well-known sample database spells them): <c>init</c> finds the
/// mapping by itself, <c>run</c> applies bundles through it with no manual edit, and every message
/// names both sides. Written once, run for each central database by a subclass.
/// </summary>
public abstract class ExistingHeadOfficeTests
{
    private const string SiteSchema = """
        CREATE TABLE Album (AlbumId INTEGER PRIMARY KEY, Title VARCHAR(160) NOT NULL);
        CREATE TABLE InvoiceLine (InvoiceLineId INTEGER PRIMARY KEY, AlbumId INTEGER NOT NULL, UnitPrice DECIMAL(10,2) NOT NULL, Quantity INTEGER NOT NULL);
        INSERT INTO Album VALUES (10, 'Let There Be Rock'), (11, 'Big Ones');
        INSERT INTO InvoiceLine VALUES (1, 10, 0.99, 2), (2, 11, 1.99, 1);
        """;

    /// <summary>Head office's own DDL: other names for both tables' columns, and for one table.</summary>
    private const string CentralSchema = """
        CREATE TABLE album (site_id {varchar:10} NOT NULL, album_id {int64} NOT NULL, title {varchar:160} NOT NULL, PRIMARY KEY (site_id, album_id));
        CREATE TABLE invoice_line (
            site_id {varchar:10} NOT NULL, invoice_line_id {int64} NOT NULL, album_id {int64} NOT NULL,
            unit_price {decimal:10:2} NOT NULL, quantity {int32} NOT NULL,
            PRIMARY KEY (site_id, invoice_line_id),
            FOREIGN KEY (site_id, album_id) REFERENCES album (site_id, album_id));
        """;

    // Children first, as a user may list them: the importer merges parents first by head office's
    // foreign keys, read through the mapping, whatever this order.
    private static readonly object[] SiteTables =
    [
        new { name = "InvoiceLine", kind = "reference" },
        new { name = "Album", kind = "reference" },
    ];

    protected abstract TestDatabase NewCentral();

    /// <summary>What the central database's own client (psql -At, sqlite3) prints for <paramref name="sql"/>.</summary>
    protected abstract string Client(TestDatabase central, string sql);

    /// <summary>A trigger on album that fires on every row the merge writes.</summary>
    protected abstract string AlbumTrigger { get; }

    [Fact]
    public async Task Init_maps_a_snake_case_head_office_by_itself_and_run_applies_bundles_through_the_mapping()
    {
        using var sync = NewSite();
        using var central = NewCentral();
        central.Execute(CentralSchema);
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await InitAsync(bundle, central, config);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Mapped Album -> central album: AlbumId -> album_id.", init.Output, StringComparison.Ordinal);
        Assert.Contains("Mapped InvoiceLine -> central invoice_line: InvoiceLineId -> invoice_line_id, AlbumId -> album_id, UnitPrice -> unit_price.", init.Output, StringComparison.Ordinal);
        Assert.Contains("all present at head office", init.Output, StringComparison.Ordinal);
        var tables = ServerSettings.Load(config).Config.Tables.ToDictionary(t => t.Name);
        Assert.Null(tables["Album"].Into);
        Assert.Equal("invoice_line", tables["InvoiceLine"].Into);
        Assert.Equal("site_id", tables["InvoiceLine"].SiteColumn);
        Assert.Equal("invoice_line_id", tables["InvoiceLine"].CentralColumn("InvoiceLineId"));
        Assert.Equal("Quantity", tables["InvoiceLine"].CentralColumn("Quantity"));

        var first = await RunAsync(config, bundle);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("AG01|10|Let There Be Rock\nAG01|11|Big Ones", Client(central, "SELECT site_id, album_id, title FROM album ORDER BY album_id"));
        Assert.Equal("AG01|1|10|0.99|2\nAG01|2|11|1.99|1", Client(central, "SELECT site_id, invoice_line_id, album_id, unit_price, quantity FROM invoice_line ORDER BY invoice_line_id"));

        // The ledger and its row counts keep the bundle's names.
        Assert.Contains("\"InvoiceLine\"", Client(central, "SELECT row_counts FROM syncfiles_ledger"), StringComparison.Ordinal);
        Assert.Equal("album\ninvoiceline", Client(central, "SELECT table_name FROM syncfiles_table_state ORDER BY table_name"));

        sync.Source.Execute("UPDATE InvoiceLine SET Quantity = 5 WHERE InvoiceLineId = 2; INSERT INTO InvoiceLine VALUES (3, 10, 0.99, 1)");
        var second = await RunAsync(config, await sync.ExportOkAsync());

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("AG01|1|2\nAG01|2|5\nAG01|3|1", Client(central, "SELECT site_id, invoice_line_id, quantity FROM invoice_line ORDER BY invoice_line_id"));
    }

    [Fact]
    public async Task A_name_that_matches_several_central_names_is_written_commented_with_the_candidates()
    {
        using var sync = NewSite(withTrack: true);
        using var central = NewCentral();
        central.Execute(CentralSchema.Replace("CREATE TABLE album (site_id {varchar:10} NOT NULL, album_id", "CREATE TABLE album (site_id {varchar:10} NOT NULL, albumid_ {int64}, album_id", StringComparison.Ordinal));
        central.Execute("CREATE TABLE invoiceline_ (site_id {varchar:10} NOT NULL, invoice_line_id {int64} NOT NULL, PRIMARY KEY (site_id, invoice_line_id))");
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await InitAsync(bundle, central, config);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("AMBIGUOUS Album (column AlbumId: album_id or albumid_): choose in the commented lines of server.json.", init.Output, StringComparison.Ordinal);
        Assert.Contains("AMBIGUOUS InvoiceLine (table: invoice_line or invoiceline_): choose in the commented lines of server.json.", init.Output, StringComparison.Ordinal);
        var text = File.ReadAllText(config);
        Assert.Contains("// \"into\": \"invoice_line\", (one of invoice_line, invoiceline_)", text, StringComparison.Ordinal);
        Assert.Contains("// \"AlbumId\": \"album_id\", (one of album_id, albumid_)", text, StringComparison.Ordinal);
        Assert.Contains("MISSING at head office: table Track (no central table of that name, even ignoring case and underscores).", init.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Central column album_id is NOT NULL", text, StringComparison.Ordinal);
        var tables = ServerSettings.Load(config).Config.Tables.ToDictionary(t => t.Name);
        Assert.Null(tables["InvoiceLine"].Into);
        Assert.Equal("AlbumId", tables["Album"].CentralColumn("AlbumId"));
    }

    [Fact]
    public async Task A_refusal_names_the_bundle_table_and_column_and_their_central_names()
    {
        using var sync = NewSite();
        using var central = NewCentral();
        central.Execute(CentralSchema);
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");
        Assert.Equal(0, (await InitAsync(bundle, central, config)).ExitCode);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"UnitPrice\": \"unit_price\",", "\"UnitPrice\": \"price\",", StringComparison.Ordinal));

        var run = await RunAsync(config, bundle);

        Assert.Equal(3, run.ExitCode);
        var reason = File.ReadAllText(Directory.GetFiles(Path.Combine(sync.Root, "hq", "quarantine"), "*.error.txt").Single());
        Assert.Contains("Bundle table InvoiceLine -> central invoice_line, column UnitPrice -> price: the target table has no such column.", reason, StringComparison.Ordinal);
        Assert.Equal("0", Client(central, "SELECT COUNT(*) FROM invoice_line"));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_its_mapped_column_is_refused_naming_both_sides()
    {
        using var sync = NewSite();
        using var central = NewCentral();
        central.Execute(CentralSchema.Replace("unit_price {decimal:10:2}", "unit_price {decimal:5:2}", StringComparison.Ordinal));
        sync.Source.Execute("INSERT INTO InvoiceLine VALUES (3, 10, 12345.67, 1)");
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");
        Assert.Equal(0, (await InitAsync(bundle, central, config)).ExitCode);

        var run = await RunAsync(config, bundle);

        Assert.True(run.ExitCode == 3, run.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(Path.Combine(sync.Root, "hq", "quarantine"), "*.error.txt").Single());
        Assert.Contains("table InvoiceLine", reason, StringComparison.Ordinal);
        Assert.Contains("column UnitPrice", reason, StringComparison.Ordinal);
        Assert.Contains("the target column unit_price", reason, StringComparison.Ordinal);
        Assert.Contains("(bundle table InvoiceLine -> central invoice_line)", reason, StringComparison.Ordinal);
        Assert.Equal("0", Client(central, "SELECT COUNT(*) FROM invoice_line"));
    }

    [Fact]
    public async Task A_columns_key_the_bundle_does_not_have_quarantines_the_bundle_naming_it()
    {
        using var sync = NewSite();
        using var central = NewCentral();
        central.Execute(CentralSchema);
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");
        Assert.Equal(0, (await InitAsync(bundle, central, config)).ExitCode);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"UnitPrice\": \"unit_price\",", "\"UnitPrice\": \"unit_price\", \"Discount\": \"discount\",", StringComparison.Ordinal));

        var run = await RunAsync(config, bundle);

        Assert.Equal(3, run.ExitCode);
        var reason = File.ReadAllText(Directory.GetFiles(Path.Combine(sync.Root, "hq", "quarantine"), "*.error.txt").Single());
        Assert.Contains("Bundle table InvoiceLine -> central invoice_line: \"columns\" in server.json maps Discount, which the bundle does not have", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_lists_the_triggers_of_each_central_table_and_says_they_fire_on_every_merged_row()
    {
        using var sync = NewSite();
        using var central = NewCentral();
        central.Execute(CentralSchema);
        central.Execute(AlbumTrigger);
        var bundle = await sync.ExportOkAsync();
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await InitAsync(bundle, central, config);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Triggers on central table album: album_last_update. They fire on every merged row (e.g. a last_update trigger rewrites what the site sent)", init.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Triggers on central table invoice_line", init.Output, StringComparison.Ordinal);
        Assert.Contains("// TRIGGERS on album: album_last_update. They fire on every merged row", File.ReadAllText(config), StringComparison.Ordinal);
    }

    /// <param name="withTrack">Also a table Track, which head office lacks.</param>
    private static SyncFixture NewSite(bool withTrack = false) => withTrack
        ? SyncFixture.OnSqlite(SiteSchema + "CREATE TABLE Track (TrackId INTEGER PRIMARY KEY, Name TEXT);", string.Empty, [.. SiteTables, new { name = "Track", kind = "reference" }], [])
        : SyncFixture.OnSqlite(SiteSchema, string.Empty, SiteTables, []);

    private static Task<CliResult> InitAsync(string bundle, TestDatabase central, string config) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--from-bundle", bundle, "--provider", central.Provider, "--connection", central.ConnectionString, "--out", config], o, e));

    private static async Task<CliResult> RunAsync(string config, string bundle)
    {
        // Judged at once: a bundle whose values are refused is not taken for one still being copied.
        var text = File.ReadAllText(config);
        if (!text.Contains("settleTime", StringComparison.Ordinal))
        {
            File.WriteAllText(config, text.Replace("\"inbox\": \"inbox\",", "\"inbox\": \"inbox\", \"settleTime\": \"0s\",", StringComparison.Ordinal));
        }

        var inbox = Path.Combine(Path.GetDirectoryName(config)!, "inbox");
        Directory.CreateDirectory(inbox);
        File.Copy(bundle, Path.Combine(inbox, Path.GetFileName(bundle)));
        return await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", config], o, e));
    }
}

public sealed class SqliteExistingHeadOfficeTests : ExistingHeadOfficeTests
{
    protected override string AlbumTrigger => """
        CREATE TRIGGER album_last_update AFTER UPDATE ON album BEGIN SELECT 1; END;
        """;

    protected override TestDatabase NewCentral() => new SqliteTestDatabase();

    protected override string Client(TestDatabase central, string sql) => DatabaseClients.Sqlite3(((SqliteTestDatabase)central).Path, sql);
}

public sealed class PostgresExistingHeadOfficeTests : ExistingHeadOfficeTests
{
    protected override string AlbumTrigger => """
        CREATE FUNCTION album_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER album_last_update BEFORE UPDATE ON album FOR EACH ROW EXECUTE FUNCTION album_touch();
        """;

    protected override TestDatabase NewCentral() => new PostgresTestDatabase();

    protected override string Client(TestDatabase central, string sql) => DatabaseClients.Psql(central, sql);
}
