using SyncFiles.Postgres;

namespace SyncFiles.Tests.Importer;

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
    public void A_partitioned_table_counts_its_inserts_by_key_instead_of_xmax()
    {
        var sql = PostgresSql.Upsert("syncfiles_stage_ventes", "Ventes", ["id", "jour", "montant"], ["id", "jour"], NoTextColumns, partitioned: true);

        Assert.DoesNotContain("xmax", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("OVERRIDING", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE NOT EXISTS (SELECT 1 FROM \"Ventes\" AS t WHERE t.\"id\" = s.\"id\" AND t.\"jour\" = s.\"jour\")", sql, StringComparison.Ordinal);
    }
}
