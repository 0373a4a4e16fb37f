using Npgsql;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// The exporter describes every configured table and checks every column before it writes the
/// first bundle entry: what a person must fix is refused with exit 2, every problem in one
/// message; what the next run can cure (an unreachable database) stays exit 1.
/// </summary>
public sealed class UpFrontRefusalTests
{
    private static readonly object[] ThreeTables =
    [
        new { name = "familles", kind = "reference" },
        new { name = "factures", kind = "transaction", changeColumn = "modifie_le" },
        new { name = "clients", kind = "reference" },
    ];

    [Fact]
    public async Task Two_bad_tables_on_sqlite_are_refused_with_exit_2_naming_every_problem_and_nothing_is_published()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        await sync.ExportOkAsync();
        var stateBefore = File.ReadAllBytes(sync.StatePath);
        var outboxBefore = SyncFixture.Files(sync.Outbox);
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN scan GEOMETRY; ALTER TABLE factures ADD COLUMN fiche XMLTYPE;");
        sync.UpdateSiteConfig(config => config["tables"] = ThreeTables);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("3 problems in the configured tables; nothing was exported", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table factures, column scan: declared type 'GEOMETRY' has no portable equivalent", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table factures, column fiche: declared type 'XMLTYPE' has no portable equivalent", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table clients does not exist in the source database", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(stateBefore, File.ReadAllBytes(sync.StatePath));
        Assert.Equal(outboxBefore, SyncFixture.Files(sync.Outbox));
        Assert.Empty(Directory.GetFiles(sync.Outbox, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Key_and_change_column_problems_of_every_table_on_postgres_are_refused_together_with_exit_2()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), ThreeTables, ShopSchemas.ShopServerTables);
        sync.ExecuteSource("""
            CREATE TABLE familles (id integer, libelle varchar(60) NOT NULL);
            CREATE TABLE factures (id integer PRIMARY KEY, numero varchar(20) NOT NULL, modifie_le text NOT NULL);
            """);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("3 problems in the configured tables", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table familles has no primary key", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table factures: change column modifie_le is string", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table clients does not exist in the source database", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.StatePath));
        Assert.Empty(SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public async Task An_unreachable_postgres_source_is_exit_1_without_a_stack_trace()
    {
        // Checked first: the test belongs with the PostgreSQL ones and is skipped where they are.
        var server = PostgresTestDatabase.ServerOrSkip(PostgresTestDatabase.Variable, "tests/run-all.sh starts a throwaway PostgreSQL and sets it");
        using var sync = ShopSchemas.NewShop();
        var unreachable = new NpgsqlConnectionStringBuilder(server) { Host = "127.0.0.1", Port = 1, Timeout = 3 }.ConnectionString;
        sync.UpdateSiteConfig(config =>
        {
            config["source"] = new { provider = "postgres", connectionString = unreachable };
            config["tables"] = ShopSchemas.ShopSiteTables;
        });

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("nothing was published and the state is unchanged", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.StatePath));
    }
}
