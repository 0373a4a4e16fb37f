using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;
using Clients = SyncFiles.Tests.Conformance.DatabaseClients;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Head office tables made by <c>init</c> and columns that appear later (issue 12, items 1 and 5),
/// written once and run for each head-office engine here: a SQLite shop's bundles into real
/// SQLite and PostgreSQL databases, through the real command lines.
/// </summary>
public abstract class HeadOfficeTablesScenarios
{
    // A central factures without remarque: the column the site sends that head office lacks.
    private string FacturesWithoutRemarque => $"""
        CREATE TABLE factures (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, numero VARCHAR(20) NOT NULL, total_ttc DECIMAL(14,2) NOT NULL,
            modifie_le {DateTimeType} NOT NULL, PRIMARY KEY (site_id, id));
        """;

    /// <summary>The engine's date-time type (SQL Server's TIMESTAMP is a rowversion).</summary>
    protected virtual string DateTimeType => "TIMESTAMP";

    /// <summary>
    /// What makes the last statement of init's script fail after the first table was created: an
    /// object already named as its index (SQLite and PostgreSQL: index names are the schema's), and
    /// what the database's message then names.
    /// </summary>
    protected virtual (string Sql, string Named, string Message) Sabotage =>
        ("CREATE TABLE autre (x INTEGER); CREATE INDEX ix_factures_modifie_le ON autre (x);", "ix_factures_modifie_le", "already exists");

    /// <summary>Runs init's script as the database's own client would.</summary>
    protected virtual void RunScript(TestDatabase target, string script) => Clients.Execute(target, script);

    protected abstract TestDatabase NewTarget();

    /// <summary>The target's tables of these names that exist, as the target spells them.</summary>
    protected abstract string TablesNamed(TestDatabase target, params string[] names);

    /// <summary>The column names of a target table, in order.</summary>
    protected abstract string ColumnsOf(TestDatabase target, string table);

    [Fact]
    public async Task By_default_init_writes_the_ddl_beside_server_json_and_prints_it_creating_nothing()
    {
        using var sync = NewShop([]);
        var bundle = await sync.ExportOkAsync();

        var init = await InitAsync(sync, bundle);

        Assert.True(init.ExitCode == 0, init.ToString());
        var script = Path.Combine(Path.GetDirectoryName(sync.ServerConfigPath)!, "server.tables.sql");
        var ddl = File.ReadAllText(script);
        Assert.Contains($"CREATE TABLE {Quote("factures")} (", ddl, StringComparison.Ordinal);
        Assert.Contains($"CREATE INDEX {Quote("ix_factures_modifie_le")} ON {Quote("factures")} ({Quote("modifie_le")});", ddl, StringComparison.Ordinal);
        Assert.Contains(ddl.Trim(), init.Output, StringComparison.Ordinal);
        Assert.Contains("Head office lacks 2 tables (familles, factures)", init.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, TablesNamed(sync.Target, "familles", "factures"));
        Assert.Contains("server.tables.sql beside this file creates it", File.ReadAllText(sync.ServerConfigPath), StringComparison.Ordinal);

        // Run as it stands with the database's own client, it makes a head office the import fills.
        RunScript(sync.Target, ddl);
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["AG01", "1", "F-1", "12.5", "première", "2026-11-01 10:00:00"]], sync.Target.QueryCanonical("SELECT site_id, id, numero, total_ttc, remarque, modifie_le FROM factures"));
    }

    [Fact]
    public async Task Create_tables_makes_every_table_in_one_go_then_a_day_of_changes_and_a_second_site_arrive()
    {
        using var sync = NewShop([]);
        var bundle = await sync.ExportOkAsync();

        var init = await InitAsync(sync, bundle, "--create-tables");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Created 2 central tables in one transaction (familles, factures)", init.Output, StringComparison.Ordinal);
        Assert.Equal("site_id,id,numero,total_ttc,remarque,modifie_le", ColumnsOf(sync.Target, "factures"));
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["AG01", "1", "Fruits"]], sync.Target.QueryCanonical("SELECT site_id, id, libelle FROM familles"));

        // A day of changes at the shop.
        sync.ExecuteSource("UPDATE factures SET total_ttc = 13.75, modifie_le = '2026-11-02 09:00:00' WHERE id = 1");
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal([["13.75"]], sync.Target.QueryCanonical("SELECT total_ttc FROM factures WHERE site_id = 'AG01' AND id = 1"));

        // A second shop joins the same central tables: its invoice 1 lands beside AG01's (the site column leads the key).
        using var shop2 = new SqliteTestDatabase();
        shop2.Execute(ShopSchemas.ShopSource);
        shop2.Execute("INSERT INTO familles VALUES (1, 'Légumes'); INSERT INTO factures VALUES (1, 'B-1', 99.90, NULL, '2026-11-03 11:00:00');");
        var site2 = Path.Combine(sync.Root, "site2", "site.json");
        Directory.CreateDirectory(Path.GetDirectoryName(site2)!);
        File.WriteAllText(site2, System.Text.Json.JsonSerializer.Serialize(new
        {
            siteId = "AG02",
            source = new { provider = shop2.Provider, connectionString = shop2.ConnectionString },
            outbox = "outbox",
            tables = ShopSchemas.ShopSiteTables,
        }));
        var server = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(sync.ServerConfigPath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        server["sites"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["id"] = "AG02" });
        File.WriteAllText(sync.ServerConfigPath, server.ToJsonString());
        var export2 = await CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["run", "--config", site2], o, e));
        Assert.True(export2.ExitCode == 0, export2.ToString());
        sync.Deliver(export2.Output.Trim());
        var third = await sync.ImportAsync();
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal([["AG01", "1", "F-1", "13.75"], ["AG02", "1", "B-1", "99.9"]], sync.Target.QueryCanonical("SELECT site_id, id, numero, total_ttc FROM factures ORDER BY site_id"));
        Assert.Equal([["AG01", "Fruits"], ["AG02", "Légumes"]], sync.Target.QueryCanonical("SELECT site_id, libelle FROM familles ORDER BY site_id"));
    }

    [Fact]
    public async Task Create_tables_is_all_or_nothing_when_the_database_refuses_one_statement()
    {
        using var sync = NewShop([]);
        var bundle = await sync.ExportOkAsync();

        // familles is created first, then factures and its index, one of whose names is taken.
        sync.Target.Execute(Sabotage.Sql);
        var before = File.ReadAllText(sync.ServerConfigPath);

        var init = await InitAsync(sync, bundle, "--create-tables");

        Assert.True(init.ExitCode == 2, init.ToString());
        Assert.Contains("The central database refused the tables' DDL, so none of them was created:", init.Error, StringComparison.Ordinal);
        Assert.Contains(Sabotage.Named, init.Error, StringComparison.Ordinal);
        Assert.Contains(Sabotage.Message, init.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", init.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, TablesNamed(sync.Target, "familles", "factures"));
        Assert.Equal(before, File.ReadAllText(sync.ServerConfigPath));
        Assert.Contains("CREATE TABLE", File.ReadAllText(Path.Combine(Path.GetDirectoryName(sync.ServerConfigPath)!, "server.tables.sql")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_table_is_never_altered_and_the_columns_it_lacks_are_listed_with_their_alter_table()
    {
        using var sync = NewShop([]);
        sync.Target.Execute(FacturesWithoutRemarque);
        var bundle = await sync.ExportOkAsync();

        var init = await InitAsync(sync, bundle, "--create-tables");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Created 1 central tables in one transaction (familles)", init.Output, StringComparison.Ordinal);
        Assert.Equal("site_id,id,numero,total_ttc,modifie_le", ColumnsOf(sync.Target, "factures"));
        var alter = AlterRemarque;
        Assert.Contains($"  {alter};", init.Output, StringComparison.Ordinal);
        Assert.Contains($"{alter};", File.ReadAllText(sync.ServerConfigPath), StringComparison.Ordinal);
        Assert.Contains($"-- {alter};", File.ReadAllText(Path.Combine(Path.GetDirectoryName(sync.ServerConfigPath)!, "server.tables.sql")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_head_office_lacks_quarantines_by_default_naming_the_alter_table_to_run()
    {
        using var sync = NewShop(ShopServerTables(schemaChanges: null));
        sync.Target.Execute(FacturesWithoutRemarque + "CREATE TABLE familles (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL, PRIMARY KEY (site_id, id));");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains($"Table factures, column remarque: the target table has no such column. Add it to the target table ({AlterRemarque};) or let the importer add it (\"schemaChanges\": \"addColumns\" in server.json)", reason, StringComparison.Ordinal);
        Assert.Equal("site_id,id,numero,total_ttc,modifie_le", ColumnsOf(sync.Target, "factures"));

        // Running the statement it names lets the bundle in.
        sync.Target.Execute(AlterRemarque);
        File.Move(Directory.GetFiles(sync.Quarantine, "*.zip").Single(), Path.Combine(sync.Inbox, "AG01-00000001.zip"));
        var again = await sync.ImportAsync();
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Theory]
    [InlineData("table")]
    [InlineData("server")]
    public async Task Add_columns_adds_the_nullable_column_in_the_bundle_transaction_and_logs_a_warning(string level)
    {
        using var sync = NewShop(ShopServerTables(schemaChanges: level == "table" ? "addColumns" : null));
        if (level == "server")
        {
            SetServerSchemaChanges(sync, "addColumns");
        }

        sync.Target.Execute(FacturesWithoutRemarque + "CREATE TABLE familles (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL, PRIMARY KEY (site_id, id));");
        sync.Target.Execute("INSERT INTO factures VALUES ('ZZ01', 9, 'F-9', 1.00, '2026-10-01 08:00:00')");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal("site_id,id,numero,total_ttc,modifie_le,remarque", ColumnsOf(sync.Target, "factures"));
        Assert.Equal([["AG01", "1", "première"], ["ZZ01", "9", null]], sync.Target.QueryCanonical("SELECT site_id, id, remarque FROM factures ORDER BY site_id"));
        Assert.Contains($"factures: added column remarque ({RemarqueType}) to central table factures, as \"schemaChanges\": \"addColumns\" allows: {AlterRemarque}", import.Output + import.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_saying_none_wins_over_the_servers_add_columns()
    {
        using var sync = NewShop(ShopServerTables(schemaChanges: "none"));
        SetServerSchemaChanges(sync, "addColumns");
        sync.Target.Execute(FacturesWithoutRemarque + "CREATE TABLE familles (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL, PRIMARY KEY (site_id, id));");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Equal("site_id,id,numero,total_ttc,modifie_le", ColumnsOf(sync.Target, "factures"));
    }

    [Fact]
    public async Task Added_columns_are_undone_with_a_bundle_that_fails_later()
    {
        using var sync = NewShop(ShopServerTables(schemaChanges: "addColumns"));

        // familles lacks its key at head office: the bundle is refused after factures' column was added.
        sync.Target.Execute(FacturesWithoutRemarque + "CREATE TABLE familles (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL);");
        sync.UpdateSiteConfig(c => c["tables"] = new object[] { ShopSchemas.ShopSiteTables[1], ShopSchemas.ShopSiteTables[0] });
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Equal("site_id,id,numero,total_ttc,modifie_le", ColumnsOf(sync.Target, "factures"));
    }

    [Fact]
    public async Task A_not_null_column_the_site_no_longer_sends_stays_a_quarantine_with_a_clear_message()
    {
        using var sync = NewShop(ShopServerTables(schemaChanges: "addColumns"));
        sync.Target.Execute($"""
            CREATE TABLE familles (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL, PRIMARY KEY (site_id, id));
            CREATE TABLE factures (site_id VARCHAR(32) NOT NULL, id INTEGER NOT NULL, numero VARCHAR(20) NOT NULL, total_ttc DECIMAL(14,2) NOT NULL,
                remarque VARCHAR(400), modifie_le {DateTimeType} NOT NULL, caisse INTEGER NOT NULL, PRIMARY KEY (site_id, id));
            """);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("Table factures, central column caisse: the target requires a value (NOT NULL, no default) that the bundle does not carry (the site does not send this column, or no longer does). Give the column a default or allow NULL in factures", reason, StringComparison.Ordinal);
    }

    /// <summary>A name quoted as the engine's DDL quotes it.</summary>
    protected virtual string Quote(string name) => $"\"{name}\"";

    /// <summary>The ALTER TABLE that adds factures.remarque (TEXT at the site) on this engine.</summary>
    protected abstract string AlterRemarque { get; }

    /// <summary>The type the engine gives factures.remarque.</summary>
    protected abstract string RemarqueType { get; }

    protected static Task<CliResult> InitAsync(SyncFixture sync, string bundle, params string[] extra) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(
            ["init", "--from-bundle", bundle, "--provider", sync.Target.Provider, "--connection", sync.Target.ConnectionString, "--out", sync.ServerConfigPath, "--force", .. extra],
            o,
            e));

    protected SyncFixture NewShop(object[] serverTables)
    {
        var sync = new SyncFixture(new SqliteTestDatabase(), NewTarget(), ShopSchemas.ShopSiteTables, serverTables);
        sync.ExecuteSource(ShopSchemas.ShopSource);
        sync.ExecuteSource("INSERT INTO familles VALUES (1, 'Fruits'); INSERT INTO factures VALUES (1, 'F-1', 12.50, 'première', '2026-11-01 10:00:00');");
        return sync;
    }

    private static object[] ShopServerTables(string? schemaChanges) => schemaChanges is null
        ? [new { name = "familles", siteColumn = "site_id" }, new { name = "factures", siteColumn = "site_id" }]
        : [new { name = "familles", siteColumn = "site_id" }, new { name = "factures", siteColumn = "site_id", schemaChanges }];

    private static void SetServerSchemaChanges(SyncFixture sync, string value)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(sync.ServerConfigPath))!.AsObject();
        json["schemaChanges"] = value;
        File.WriteAllText(sync.ServerConfigPath, json.ToJsonString());
    }
}

/// <summary>The scenarios on a SQLite head office.</summary>
public sealed class SqliteHeadOfficeTables : HeadOfficeTablesScenarios
{
    protected override string AlterRemarque => "ALTER TABLE \"factures\" ADD COLUMN \"remarque\" TEXT";

    protected override string RemarqueType => "TEXT";

    protected override TestDatabase NewTarget() => new SqliteTestDatabase();

    protected override string TablesNamed(TestDatabase target, params string[] names) =>
        DatabaseClients.Sqlite3(((SqliteTestDatabase)target).Path, $"SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({string.Join(", ", names.Select(n => $"'{n}'"))}) ORDER BY name)");

    protected override string ColumnsOf(TestDatabase target, string table) =>
        DatabaseClients.Sqlite3(((SqliteTestDatabase)target).Path, $"SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info('{table}') ORDER BY cid)");

    [Fact]
    public async Task An_unknown_schema_changes_value_is_a_configuration_error()
    {
        using var sync = NewShop([new { name = "factures", siteColumn = "site_id", schemaChanges = "dropColumns" }]);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 2, import.ToString());
        Assert.Contains("table factures: schemaChanges 'dropColumns' is not known: use \"none\"", import.Error, StringComparison.Ordinal);
    }
}

/// <summary>The scenarios on a PostgreSQL head office.</summary>
public sealed class PostgresHeadOfficeTables : HeadOfficeTablesScenarios
{
    protected override string AlterRemarque => "ALTER TABLE \"factures\" ADD COLUMN \"remarque\" text";

    protected override string RemarqueType => "text";

    protected override TestDatabase NewTarget() => new PostgresTestDatabase();

    protected override string TablesNamed(TestDatabase target, params string[] names) =>
        DatabaseClients.Psql(target, $"SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ({string.Join(", ", names.Select(n => $"'{n}'"))})");

    protected override string ColumnsOf(TestDatabase target, string table) =>
        DatabaseClients.Psql(target, $"SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'");

    [Fact]
    public async Task From_a_postgres_site_a_source_type_the_target_has_keeps_its_type_and_one_it_lacks_becomes_text()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new PostgresTestDatabase(), [new { name = "films", kind = "reference" }], []);
        sync.ExecuteSource("""
            CREATE TYPE rating AS ENUM ('G', 'PG', 'PG-13');
            CREATE TYPE colour AS ENUM ('red', 'green');
            CREATE DOMAIN release_year AS integer CHECK (VALUE BETWEEN 1888 AND 2155);
            CREATE TABLE films (id integer PRIMARY KEY, rating rating, colour colour, year release_year, tags integer[], extra jsonb, amount numeric(38,0), price money);
            INSERT INTO films VALUES (1, 'PG-13', 'green', 2006, '{1,NULL,3}', '{"a": [1, 2]}', 12345678901234567890123456789012345678, 12.34);
            """);

        // Head office has the rating enum and the domain, not the colour enum.
        sync.Target.Execute("CREATE TYPE rating AS ENUM ('G', 'PG', 'PG-13'); CREATE DOMAIN release_year AS integer CHECK (VALUE BETWEEN 1888 AND 2155);");
        var bundle = await sync.ExportOkAsync();

        var init = await InitAsync(sync, bundle, "--create-tables");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("\"rating\" rating,", init.Output, StringComparison.Ordinal);
        Assert.Contains("\"colour\" text,", init.Output, StringComparison.Ordinal);
        Assert.Contains("\"year\" release_year,", init.Output, StringComparison.Ordinal);
        Assert.Contains("\"tags\" integer[],", init.Output, StringComparison.Ordinal);
        Assert.Contains("\"extra\" jsonb,", init.Output, StringComparison.Ordinal);
        Assert.Contains("\"amount\" numeric(38,0),", init.Output, StringComparison.Ordinal);
        Assert.Contains("\"price\" money,", init.Output, StringComparison.Ordinal);
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());
        const string Select = "SELECT id, rating, colour, year, tags, extra, amount, price FROM films";
        Assert.Equal(DatabaseClients.Psql(sync.Source, Select), DatabaseClients.Psql(sync.Target, Select + " WHERE site_id = 'AG01'"));
        Assert.Equal("rating|text|release_year|ARRAY|jsonb|numeric|money", DatabaseClients.Psql(sync.Target, "SELECT string_agg(CASE WHEN data_type = 'USER-DEFINED' OR domain_name IS NOT NULL THEN coalesce(domain_name, udt_name) ELSE data_type END, '|' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'films' AND ordinal_position > 2"));
    }
}
