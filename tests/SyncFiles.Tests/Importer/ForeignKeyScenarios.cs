using System.Text.Json.Nodes;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// A head office whose hand-written tables have foreign keys in every shape (chain, diamond,
/// self-reference, cycle), fed by a SQLite site whose site.json lists the tables in the worst
/// order: parents are merged first, deletes go children first, and a row whose parent is missing
/// quarantines its bundle naming the child, the constraint, the parent and the key. Written once,
/// run for each central database by a subclass.
/// </summary>
public abstract class ForeignKeyScenarios
{
    protected abstract TestDatabase NewTargetDatabase();

    /// <summary>How the central DDL spells a deferrable foreign key (both engines read the clause).</summary>
    protected const string Deferrable = "DEFERRABLE INITIALLY IMMEDIATE";

    private const string ChainSource = """
        CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE customer (id INTEGER PRIMARY KEY, region_id INTEGER, name TEXT NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total INTEGER NOT NULL);
        """;

    private const string ChainCentral = """
        CREATE TABLE region (site_id varchar(16) NOT NULL, id integer NOT NULL, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id));
        CREATE TABLE customer (site_id varchar(16) NOT NULL, id integer NOT NULL, region_id integer, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id),
            CONSTRAINT customer_region FOREIGN KEY (site_id, region_id) REFERENCES region (site_id, id));
        CREATE TABLE orders (site_id varchar(16) NOT NULL, id integer NOT NULL, customer_id integer NOT NULL, total integer NOT NULL, PRIMARY KEY (site_id, id),
            CONSTRAINT orders_customer FOREIGN KEY (site_id, customer_id) REFERENCES customer (site_id, id));
        """;

    private static readonly object[] ChainSiteTables =
        [new { name = "orders", kind = "reference" }, new { name = "customer", kind = "reference" }, new { name = "region", kind = "reference" }];

    private static readonly object[] ChainServerTables =
        [new { name = "orders", siteColumn = "site_id" }, new { name = "customer", siteColumn = "site_id" }, new { name = "region", siteColumn = "site_id" }];

    private SyncFixture NewChain()
    {
        var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), ChainSiteTables, ChainServerTables);
        sync.Source.Execute(ChainSource);
        sync.Target.Execute(ChainCentral);
        sync.Source.Execute("""
            INSERT INTO region VALUES (1, 'Nord'), (2, 'Sud');
            INSERT INTO customer VALUES (10, 1, 'Alice'), (11, 2, 'Bruno'), (12, NULL, 'Chloé');
            INSERT INTO orders VALUES (100, 10, 5), (101, 11, 7), (102, 12, 9);
            """);
        return sync;
    }

    [Fact]
    public async Task A_chain_listed_children_first_in_site_json_is_merged_parents_first()
    {
        using var sync = NewChain();
        LogToFile(sync);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["1", "Nord"], ["2", "Sud"]], sync.Target.QueryCanonical("SELECT id, name FROM region ORDER BY id"));
        Assert.Equal([["10", "1"], ["11", "2"], ["12", null]], sync.Target.QueryCanonical("SELECT id, region_id FROM customer ORDER BY id"));
        Assert.Equal([["100", "10"], ["101", "11"], ["102", "12"]], sync.Target.QueryCanonical("SELECT id, customer_id FROM orders ORDER BY id"));
        var output = ReadLog(sync);
        Assert.True(output.IndexOf("  region:", StringComparison.Ordinal) < output.IndexOf("  customer:", StringComparison.Ordinal), output);
        Assert.True(output.IndexOf("  customer:", StringComparison.Ordinal) < output.IndexOf("  orders:", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Tombstones_of_a_parent_and_its_children_in_one_bundle_delete_the_children_first()
    {
        using var sync = NewChain();
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        LogToFile(sync);
        sync.Source.Execute("DELETE FROM orders WHERE customer_id = 10; DELETE FROM customer WHERE region_id = 1; DELETE FROM region WHERE id = 1;");
        var bundle = await sync.ExportOkAsync();
        var withRegion = bundle + ".1";
        var withCustomer = bundle + ".2";
        BundleSurgery.AddTombstones(bundle, withRegion, "region", "id\n1\n");
        BundleSurgery.AddTombstones(withRegion, withCustomer, "customer", "id\n10\n");
        BundleSurgery.AddTombstones(withCustomer, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "orders", "id\n100\n");

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["2"]], sync.Target.QueryCanonical("SELECT id FROM region ORDER BY id"));
        Assert.Equal([["11"], ["12"]], sync.Target.QueryCanonical("SELECT id FROM customer ORDER BY id"));
        Assert.Equal([["101"], ["102"]], sync.Target.QueryCanonical("SELECT id FROM orders ORDER BY id"));
        var output = ReadLog(sync);
        Assert.True(output.IndexOf("  orders: 1 deleted", StringComparison.Ordinal) < output.IndexOf("  customer: 1 deleted", StringComparison.Ordinal), output);
        Assert.True(output.IndexOf("  customer: 1 deleted", StringComparison.Ordinal) < output.IndexOf("  region: 1 deleted", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task A_diamond_is_merged_top_first_and_bottom_last()
    {
        object[] siteTables = [new { name = "stock", kind = "reference" }, new { name = "shelf", kind = "reference" }, new { name = "product", kind = "reference" }, new { name = "brand", kind = "reference" }];
        object[] serverTables = [new { name = "stock", siteColumn = "site_id" }, new { name = "shelf", siteColumn = "site_id" }, new { name = "product", siteColumn = "site_id" }, new { name = "brand", siteColumn = "site_id" }];
        using var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), siteTables, serverTables);
        sync.Source.Execute("""
            CREATE TABLE brand (id INTEGER PRIMARY KEY);
            CREATE TABLE product (id INTEGER PRIMARY KEY, brand_id INTEGER NOT NULL);
            CREATE TABLE shelf (id INTEGER PRIMARY KEY, brand_id INTEGER NOT NULL);
            CREATE TABLE stock (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, shelf_id INTEGER NOT NULL);
            INSERT INTO brand VALUES (1); INSERT INTO product VALUES (2, 1); INSERT INTO shelf VALUES (3, 1); INSERT INTO stock VALUES (4, 2, 3);
            """);
        sync.Target.Execute("""
            CREATE TABLE brand (site_id varchar(16) NOT NULL, id integer NOT NULL, PRIMARY KEY (site_id, id));
            CREATE TABLE product (site_id varchar(16) NOT NULL, id integer NOT NULL, brand_id integer NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT product_brand FOREIGN KEY (site_id, brand_id) REFERENCES brand (site_id, id));
            CREATE TABLE shelf (site_id varchar(16) NOT NULL, id integer NOT NULL, brand_id integer NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT shelf_brand FOREIGN KEY (site_id, brand_id) REFERENCES brand (site_id, id));
            CREATE TABLE stock (site_id varchar(16) NOT NULL, id integer NOT NULL, product_id integer NOT NULL, shelf_id integer NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT stock_product FOREIGN KEY (site_id, product_id) REFERENCES product (site_id, id),
                CONSTRAINT stock_shelf FOREIGN KEY (site_id, shelf_id) REFERENCES shelf (site_id, id));
            """);
        LogToFile(sync);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["4", "2", "3"]], sync.Target.QueryCanonical("SELECT id, product_id, shelf_id FROM stock"));
        var output = ReadLog(sync);
        int At(string table) => output.IndexOf($"  {table}:", StringComparison.Ordinal);

        // Ties keep site.json's order: shelf before product.
        Assert.True(At("brand") < At("shelf") && At("shelf") < At("product") && At("product") < At("stock"), output);
    }

    [Fact]
    public async Task A_self_reference_to_rows_later_in_the_same_CSV_is_applied()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), [new { name = "employee", kind = "reference" }], [new { name = "employee", siteColumn = "site_id" }]);
        sync.Source.Execute("""
            CREATE TABLE employee (id INTEGER PRIMARY KEY, manager_id INTEGER, name TEXT NOT NULL);
            INSERT INTO employee VALUES (1, 3, 'Ana'), (2, 3, 'Ben'), (3, 4, 'Cyd'), (4, NULL, 'Dan');
            """);
        sync.Target.Execute("""
            CREATE TABLE employee (site_id varchar(16) NOT NULL, id integer NOT NULL, manager_id integer, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT employee_manager FOREIGN KEY (site_id, manager_id) REFERENCES employee (site_id, id));
            """);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["1", "3"], ["2", "3"], ["3", "4"], ["4", null]], sync.Target.QueryCanonical("SELECT id, manager_id FROM employee ORDER BY id"));
    }

    /// <summary>
    /// Region is carried, customer (not carried) refers to region 1 at head office, and the next
    /// bundle's tombstone deletes region 1: the bundle is quarantined; its reason is returned.
    /// </summary>
    protected async Task<string> DeleteAParentStillReferredToAsync()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), [new { name = "region", kind = "reference" }], [new { name = "region", siteColumn = "site_id" }]);
        sync.Source.Execute("CREATE TABLE region (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO region VALUES (1, 'Nord'), (2, 'Sud');");
        sync.Target.Execute("""
            CREATE TABLE region (site_id varchar(16) NOT NULL, id integer NOT NULL, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id));
            CREATE TABLE customer (site_id varchar(16) NOT NULL, id integer NOT NULL, region_id integer, PRIMARY KEY (site_id, id),
                CONSTRAINT customer_region FOREIGN KEY (site_id, region_id) REFERENCES region (site_id, id));
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.Target.Execute("INSERT INTO customer VALUES ('AG01', 10, 1)");
        var bundle = await sync.ExportOkAsync();
        BundleSurgery.AddTombstones(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "region", "id\n1\n");

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == ExitCodes.Quarantined, import.ToString());
        Assert.Equal(2, sync.Target.Count("region"));
        return File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
    }

    /// <summary>Department and staff refer to each other; <paramref name="keyClause"/> follows each foreign key.</summary>
    protected SyncFixture NewCycle(string keyClause)
    {
        object[] siteTables = [new { name = "staff", kind = "reference" }, new { name = "department", kind = "reference" }];
        object[] serverTables = [new { name = "staff", siteColumn = "site_id" }, new { name = "department", siteColumn = "site_id" }];
        var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), siteTables, serverTables);
        sync.Source.Execute("""
            CREATE TABLE department (id INTEGER PRIMARY KEY, head_id INTEGER);
            CREATE TABLE staff (id INTEGER PRIMARY KEY, department_id INTEGER NOT NULL);
            INSERT INTO department VALUES (1, 10), (2, 11);
            INSERT INTO staff VALUES (10, 1), (11, 2), (12, 1);
            """);
        sync.Target.Execute($"""
            CREATE TABLE department (site_id varchar(16) NOT NULL, id integer NOT NULL, head_id integer, PRIMARY KEY (site_id, id){DepartmentHead(keyClause)});
            CREATE TABLE staff (site_id varchar(16) NOT NULL, id integer NOT NULL, department_id integer NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT staff_department FOREIGN KEY (site_id, department_id) REFERENCES department (site_id, id) {keyClause});
            {AddDepartmentHead(keyClause)}
            """);
        return sync;
    }

    /// <summary>The key department_head inside CREATE TABLE department (SQLite: a table may refer to one created later).</summary>
    protected virtual string DepartmentHead(string keyClause) => string.Empty;

    /// <summary>The key department_head added once staff exists (PostgreSQL: SQLite has no ADD CONSTRAINT).</summary>
    protected virtual string AddDepartmentHead(string keyClause) => string.Empty;

    /// <summary>Logs the next import to central/import*.log, where each table's line is (the console shows only the summary).</summary>
    protected static void LogToFile(SyncFixture sync)
    {
        var config = JsonNode.Parse(File.ReadAllText(sync.ServerConfigPath))!;
        config["logFile"] = Path.Combine(sync.Root, "central", "import.log");
        File.WriteAllText(sync.ServerConfigPath, config.ToJsonString());
    }

    protected static string ReadLog(SyncFixture sync) =>
        string.Concat(Directory.GetFiles(Path.Combine(sync.Root, "central"), "import*.log").Select(File.ReadAllText));

    [Fact]
    public async Task A_row_whose_parent_the_bundle_does_not_carry_quarantines_naming_the_child_the_key_the_parent_and_the_value()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), [new { name = "customer", kind = "reference" }], [new { name = "customer", siteColumn = "site_id" }]);
        sync.Source.Execute("""
            CREATE TABLE customer (id INTEGER PRIMARY KEY, region_id INTEGER, name TEXT NOT NULL);
            INSERT INTO customer VALUES (10, NULL, 'Alice'), (11, 7, 'Bruno');
            """);
        sync.Target.Execute("""
            CREATE TABLE region (site_id varchar(16) NOT NULL, id integer NOT NULL, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id));
            CREATE TABLE customer (site_id varchar(16) NOT NULL, id integer NOT NULL, region_id integer, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT customer_region FOREIGN KEY (site_id, region_id) REFERENCES region (site_id, id));
            """);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == ExitCodes.Quarantined, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("table customer has a row that refers through foreign key", reason, StringComparison.Ordinal);
        Assert.Contains("to a row of the central table region that head office does not have: key (site_id, region_id)=(AG01, 7) is not present in region", reason, StringComparison.Ordinal);
        Assert.Contains("The bundle does not carry region", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("widen", reason, StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("customer"));
    }

    [Fact]
    public async Task Init_names_a_foreign_key_to_a_table_the_bundle_does_not_carry()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), NewTargetDatabase(), [new { name = "customer", kind = "reference" }], [new { name = "customer", siteColumn = "site_id" }]);
        sync.Source.Execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, region_id INTEGER, name TEXT NOT NULL); INSERT INTO customer VALUES (10, NULL, 'Alice');");
        sync.Target.Execute("""
            CREATE TABLE region (site_id varchar(16) NOT NULL, id integer NOT NULL, PRIMARY KEY (site_id, id));
            CREATE TABLE customer (site_id varchar(16) NOT NULL, id integer NOT NULL, region_id integer, name varchar(40) NOT NULL, PRIMARY KEY (site_id, id),
                CONSTRAINT customer_region FOREIGN KEY (site_id, region_id) REFERENCES region (site_id, id));
            """);
        var bundle = await sync.ExportOkAsync();

        var (init, written) = await InitAsync(sync, bundle);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("refers to region, which the bundle does not carry: fill region another way before the first import.", init.Output, StringComparison.Ordinal);
        Assert.Contains("the bundle does not carry region; fill it at head office another way", written, StringComparison.Ordinal);
    }

    protected static async Task<(CliResult Result, string Written)> InitAsync(SyncFixture sync, string bundle)
    {
        var path = Path.Combine(sync.Root, "init-server.json");
        var result = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(
            ["init", "--from-bundle", bundle, "--provider", sync.Target.Provider, "--connection", sync.Target.ConnectionString, "--out", path], o, e));
        return (result, File.Exists(path) ? File.ReadAllText(path) : string.Empty);
    }

    [Fact]
    public virtual async Task A_cycle_of_deferrable_keys_is_applied_checked_at_the_commit()
    {
        using var sync = NewCycle(Deferrable);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["1", "10"], ["2", "11"]], sync.Target.QueryCanonical("SELECT id, head_id FROM department ORDER BY id"));
        Assert.Equal([["10", "1"], ["11", "2"], ["12", "1"]], sync.Target.QueryCanonical("SELECT id, department_id FROM staff ORDER BY id"));
    }

    [Fact]
    public virtual async Task Init_says_a_cycle_of_deferrable_keys_is_checked_at_the_commit()
    {
        using var sync = NewCycle(Deferrable);

        var (init, written) = await InitAsync(sync, await sync.ExportOkAsync());

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Tables staff, department refer to each other through deferrable foreign keys", init.Output, StringComparison.Ordinal);
        Assert.Contains("every key of the ring is deferrable, so the importer checks them at the commit.", written, StringComparison.Ordinal);
        Assert.DoesNotContain("CYCLE", written, StringComparison.Ordinal);
    }

    [Fact]
    public virtual async Task A_violation_found_at_the_commit_of_a_deferred_cycle_names_the_key_and_the_parent()
    {
        using var sync = NewCycle(Deferrable);
        sync.Source.Execute("INSERT INTO staff VALUES (13, 9)");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == ExitCodes.Quarantined, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("table staff has a row that refers through foreign key", reason, StringComparison.Ordinal);
        Assert.Contains("key (site_id, department_id)=(AG01, 9) is not present in department", reason, StringComparison.Ordinal);
        Assert.Contains("The bundle carries department (merged before staff) but head office lacks that row", reason, StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("staff"));
    }
}

public sealed class SqliteForeignKeyScenarios : ForeignKeyScenarios
{
    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();

    protected override string DepartmentHead(string keyClause) =>
        $", CONSTRAINT department_head FOREIGN KEY (site_id, head_id) REFERENCES staff (site_id, id) {keyClause}";

    [Fact]
    public async Task A_deletion_of_a_parent_row_another_table_still_refers_to_quarantines_naming_the_child_the_parent_and_the_key()
    {
        var reason = await DeleteAParentStillReferredToAsync();

        // SQLite checks at the commit: the row found is the child's, whose parent is gone.
        Assert.Contains("the central table customer has a row that refers through foreign key customer(site_id, region_id) -> region(site_id, id) to a row of table region", reason, StringComparison.Ordinal);
        Assert.Contains("key (site_id, region_id)=(AG01, 1) is not present in region", reason, StringComparison.Ordinal);
        Assert.Contains("or the bundle deletes it (tombstones, a mirror) while rows of customer still refer to it", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_importers_connection_enforces_foreign_keys()
    {
        using var sync = NewCycle(string.Empty);
        sync.Source.Execute("DELETE FROM department WHERE id = 2");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        // Without foreign keys on, staff 11 (department 2, gone) would be applied.
        Assert.True(import.ExitCode == ExitCodes.Quarantined, import.ToString());
        Assert.Contains("staff(site_id, department_id) -> department(site_id, id)", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
    }
}

public sealed class PostgresForeignKeyScenarios : ForeignKeyScenarios
{
    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();

    protected override string AddDepartmentHead(string keyClause) =>
        $"ALTER TABLE department ADD CONSTRAINT department_head FOREIGN KEY (site_id, head_id) REFERENCES staff (site_id, id) {keyClause};";

    [Fact]
    public async Task A_deletion_of_a_parent_row_another_table_still_refers_to_quarantines_naming_both_tables()
    {
        var reason = await DeleteAParentStillReferredToAsync();

        Assert.Contains("deletes rows of table region (tombstones or a mirror) that the central table customer still refers to through foreign key customer_region", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("widen", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cycle_of_keys_PostgreSQL_cannot_defer_is_named_by_init_and_quarantines_a_bundle_whose_rows_refer_both_ways()
    {
        using var sync = NewCycle("NOT DEFERRABLE");
        var bundle = await sync.ExportOkAsync();

        var (init, written) = await InitAsync(sync, bundle);
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("CYCLE: tables staff, department refer to each other through foreign keys the database cannot defer", init.Output, StringComparison.Ordinal);
        Assert.Contains("CYCLE: tables staff, department refer to each other (", written, StringComparison.Ordinal);
        Assert.True(import.ExitCode == ExitCodes.Quarantined, import.ToString());
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("The central tables staff, department refer to each other (staff_department (site_id, department_id) -> department (site_id, id); department_head (site_id, head_id) -> staff (site_id, id))", reason, StringComparison.Ordinal);
        Assert.Contains("make them DEFERRABLE", reason, StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("staff"));
    }
}

/// <summary>Under SYNCFILES_TEST_SQLSERVER only: SQL Server has no deferrable keys, so the deferred cycles do not apply.</summary>
public sealed class SqlServerForeignKeyScenarios : ForeignKeyScenarios
{
    protected override TestDatabase NewTargetDatabase() => new SqlServerTestDatabase();

    protected override string AddDepartmentHead(string keyClause) =>
        "ALTER TABLE department ADD CONSTRAINT department_head FOREIGN KEY (site_id, head_id) REFERENCES staff (site_id, id);";

    [Fact]
    public async Task A_deletion_of_a_parent_row_another_table_still_refers_to_quarantines_naming_both_tables()
    {
        var reason = await DeleteAParentStillReferredToAsync();

        Assert.Contains("deletes rows of table region (tombstones or a mirror) that the central table customer still refers to through foreign key customer_region", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("widen", reason, StringComparison.Ordinal);
    }

    [Fact]
    public override Task A_cycle_of_deferrable_keys_is_applied_checked_at_the_commit()
    {
        Assert.Skip("SQL Server cannot defer a foreign key.");
        return Task.CompletedTask;
    }

    [Fact]
    public override Task Init_says_a_cycle_of_deferrable_keys_is_checked_at_the_commit()
    {
        Assert.Skip("SQL Server cannot defer a foreign key.");
        return Task.CompletedTask;
    }

    [Fact]
    public override Task A_violation_found_at_the_commit_of_a_deferred_cycle_names_the_key_and_the_parent()
    {
        Assert.Skip("SQL Server cannot defer a foreign key.");
        return Task.CompletedTask;
    }
}
