using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Exporter.Init;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// The suggestion rules on catalog entries as the SQL Server catalog reports them (the live SQL
/// Server suite runs init itself; no server can run on the build machines), and the name rules.
/// </summary>
public sealed class TableSuggesterTests
{
    private static readonly CatalogColumn Id = new("id", "bigint", PortableType.Int64, Nullable: false);

    [Fact]
    public void Change_tracking_comes_before_a_rowversion_column_and_a_rowversion_before_a_modification_time()
    {
        var tracked = Table("lignes_facture", changeTracking: true, new CatalogColumn("rv", "timestamp", PortableType.Int64, false, IsRowversion: true));
        var versioned = Table("factures", changeTracking: false, new CatalogColumn("modifie_le", "datetime2(3)", PortableType.DateTime, false), new CatalogColumn("rv", "timestamp", PortableType.Int64, false, IsRowversion: true));

        var first = TableSuggester.Suggest(tracked, new SqlServerDatabaseProvider());
        var second = TableSuggester.Suggest(versioned, new SqlServerDatabaseProvider());

        Assert.Equal((TableKind.Transaction, null, ChangeStrategy.ChangeTracking), (first.Kind, first.ChangeColumn, first.Strategy));
        Assert.Equal((TableKind.Transaction, "rv", ChangeStrategy.Rowversion), (second.Kind, second.ChangeColumn, second.Strategy));
        Assert.Contains(second.Notes, n => n.Contains("CREATE INDEX [ix_factures_rv] ON [factures] ([rv]);", StringComparison.Ordinal));
    }

    [Fact]
    public void A_modification_time_with_an_offset_is_a_timestamp_change_column()
    {
        var table = Table("commandes", changeTracking: false, new CatalogColumn("updated_at", "datetimeoffset(7)", PortableType.DateTimeOffset, false));

        var suggestion = TableSuggester.Suggest(table, new SqlServerDatabaseProvider());

        Assert.Equal((TableKind.Transaction, "updated_at", ChangeStrategy.Timestamp), (suggestion.Kind, suggestion.ChangeColumn, suggestion.Strategy));
        Assert.Contains(suggestion.Notes, n => n.Contains("updated_at (datetimeoffset(7)) is named like a modification time", StringComparison.Ordinal));
    }

    [Fact]
    public void A_large_table_with_a_change_column_is_a_transaction_table_whatever_its_name()
    {
        var table = Table("clients", changeTracking: false, new CatalogColumn("date_maj", "datetime", PortableType.DateTime, true)) with { ApproximateRows = 2_500_000 };

        var suggestion = TableSuggester.Suggest(table, new SqlServerDatabaseProvider());

        Assert.Equal((TableKind.Transaction, "date_maj", ChangeStrategy.Timestamp), (suggestion.Kind, suggestion.ChangeColumn, suggestion.Strategy));
        Assert.Contains(suggestion.Notes, n => n.Contains("date_maj allows NULL: rows where it is NULL travel only with --full.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("modifie_le", true)]
    [InlineData("date_modif", true)]
    [InlineData("UpdatedAt", true)]
    [InlineData("last_update", true)]
    [InlineData("date_maj", true)]
    [InlineData("changed_on", true)]
    [InlineData("cree_le", false)]
    [InlineData("date_facture", false)]
    [InlineData("majeur", false)]
    public void Modification_time_names(string column, bool expected) =>
        Assert.Equal(expected, TableSuggester.IsModificationName(column));

    [Theory]
    [InlineData("factures", true)]
    [InlineData("lignes_facture", true)]
    [InlineData("StockMovements", true)]
    [InlineData("chiffre_affaires", true)]
    [InlineData("types_vente", false)]
    [InlineData("order_status", false)]
    [InlineData("articles", false)]
    public void Movement_table_names(string table, bool expected) =>
        Assert.Equal(expected, TableSuggester.LooksLikeMovements(table, out _));

    private static CatalogTable Table(string name, bool changeTracking, params CatalogColumn[] columns) =>
        new(name, [Id, .. columns], ["id"], [], ["id"], changeTracking, 1_000, null);
}
