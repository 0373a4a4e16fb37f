using Microsoft.SqlServer.TransactSql.ScriptDom;
using SyncFiles.Common;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// The one statement a site's first load adds on SQL Server (the rows themselves go by
/// SqlBulkCopy): whether the target holds a row of the site. Parsed with ScriptDom; no server runs here.
/// </summary>
public sealed class SqlServerDirectLoadSqlTests
{
    [Fact]
    public void Whether_the_site_has_rows_is_one_exists_on_the_site_column_against_the_site_parameter()
    {
        var fragment = TSqlParsing.Parse(SqlServerSql.SiteHasRows("orders", "site_id"));

        var select = Assert.Single(TSqlParsing.All<SelectStatement>(fragment));
        var exists = Assert.Single(TSqlParsing.All<ExistsPredicate>(select));
        var table = Assert.Single(TSqlParsing.All<NamedTableReference>(exists));
        Assert.Equal("orders", table.SchemaObject.BaseIdentifier.Value);
        var compared = Assert.Single(TSqlParsing.All<BooleanComparisonExpression>(exists));
        Assert.Equal("site_id", TSqlParsing.Name(Assert.IsType<ColumnReferenceExpression>(compared.FirstExpression)));
        Assert.Equal(SqlServerSql.SiteParameter, Assert.IsType<VariableReference>(compared.SecondExpression).Name);
        Assert.DoesNotContain(TSqlParsing.Literals(fragment), l => l is StringLiteral);
    }

    [Theory]
    [InlineData("x]; DROP TABLE y--", "site_id")]
    [InlineData("orders", "x]; DROP TABLE y--")]
    public void A_hostile_table_or_site_column_name_is_refused_before_any_sql_is_written(string table, string siteColumn)
    {
        var error = Assert.Throws<SyncFilesException>(() => SqlServerSql.SiteHasRows(table, siteColumn));

        Assert.StartsWith("Invalid ", error.Message, StringComparison.Ordinal);
    }
}
