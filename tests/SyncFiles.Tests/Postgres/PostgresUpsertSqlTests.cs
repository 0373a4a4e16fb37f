using SyncFiles.Postgres;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>The PostgreSQL upsert's text for identity-always columns and partitioned tables.</summary>
public sealed class PostgresUpsertSqlTests
{
    private static readonly Dictionary<string, string> NoTextColumns = [];

    [Fact]
    public void Identity_always_columns_are_inserted_overriding_the_system_value_and_never_updated()
    {
        var sql = PostgresSql.Upsert("syncfiles_stage_lignes", "lignes", ["id", "numero", "qty"], ["id"], NoTextColumns, ["numero"]);

        Assert.Contains("(\"id\", \"numero\", \"qty\") OVERRIDING SYSTEM VALUE", sql, StringComparison.Ordinal);
        Assert.Contains("DO UPDATE SET \"qty\" = EXCLUDED.\"qty\" WHERE", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"numero\" = EXCLUDED", sql, StringComparison.Ordinal);
        Assert.Contains("xmax = 0", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void The_staging_table_keeps_the_target_collation_of_the_site_and_key_columns()
    {
        // CREATE TABLE ... AS SELECT keeps a column's collation on PostgreSQL (checked here, not
        // assumed): the merge, the deletes and the site filter compare as the target does.
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE COLLATION syncfiles_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        database.Execute("CREATE TABLE codes (agence varchar(10) COLLATE syncfiles_ci NOT NULL, code varchar(10) COLLATE syncfiles_ci NOT NULL, libelle text, PRIMARY KEY (agence, code))");
        database.Execute(PostgresSql.CreateStaging("syncfiles_stage_codes", "codes", ["agence", "code", "libelle"], NoTextColumns) + "; " +
            "CREATE TABLE staged_collations AS SELECT a.attname::text AS name, COALESCE(c.collname::text, '') AS coll FROM pg_attribute a LEFT JOIN pg_collation c ON c.oid = a.attcollation " +
            "WHERE a.attrelid = 'pg_temp.syncfiles_stage_codes'::regclass AND a.attnum > 0");

        Assert.Equal(
            [["agence", "syncfiles_ci"], ["code", "syncfiles_ci"], ["libelle", "default"]],
            database.QueryCanonical("SELECT name, coll FROM staged_collations ORDER BY name"));
    }

    [Fact]
    public void A_partitioned_table_counts_its_inserts_by_key_instead_of_xmax()
    {
        var sql = PostgresSql.Upsert("syncfiles_stage_ventes", "Ventes", ["id", "jour", "montant"], ["id", "jour"], NoTextColumns, partitioned: true);

        Assert.DoesNotContain("xmax", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("OVERRIDING", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE NOT EXISTS (SELECT 1 FROM \"Ventes\" AS t WHERE t.\"id\" = s.\"id\" AND t.\"jour\" = s.\"jour\")", sql, StringComparison.Ordinal);
    }
}
