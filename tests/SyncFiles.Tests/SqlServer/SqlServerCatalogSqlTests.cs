using Microsoft.SqlServer.TransactSql.ScriptDom;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>The catalog statements <c>syncfiles-export init</c> sends to a SQL Server source, parsed with ScriptDom.</summary>
public sealed class SqlServerCatalogSqlTests
{
    public static TheoryData<string, string> Statements() => new()
    {
        { "schemas", SqlServerSql.CatalogSchemas },
        { "tables", SqlServerSql.CatalogTables },
        { "columns", SqlServerSql.CatalogColumns },
        { "index columns", SqlServerSql.CatalogIndexColumns },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public void Catalog_statements_parse_read_only_and_take_the_schema_as_a_parameter(string name, string sql)
    {
        var fragment = TSqlParsing.Parse(sql);

        var statements = TSqlParsing.All<TSqlStatement>(fragment);
        Assert.True(statements.Count > 0, name);
        Assert.All(statements, s => Assert.IsType<SelectStatement>(s));
        Assert.Equal(["@schema"], TSqlParsing.Variables(fragment));
        Assert.Empty(TSqlParsing.Literals(fragment).OfType<StringLiteral>());
    }

    [Fact]
    public void Columns_are_read_in_the_layout_the_describe_query_uses()
    {
        var select = (QuerySpecification)((SelectStatement)TSqlParsing.All<TSqlStatement>(TSqlParsing.Parse(SqlServerSql.CatalogColumns))[0]).QueryExpression;
        var describe = (QuerySpecification)((SelectStatement)TSqlParsing.All<TSqlStatement>(TSqlParsing.Parse(SqlServerSql.DescribeColumns(includeViews: false)))[0]).QueryExpression;

        // SqlServerCatalog.ReadColumn reads columns 0 to 9 of both; the catalog adds the table's object id as column 10.
        Assert.Equal(describe.SelectElements.Count + 1, select.SelectElements.Count);
        var last = Assert.IsType<ColumnReferenceExpression>(Assert.IsType<SelectScalarExpression>(select.SelectElements[^1]).Expression);
        Assert.Equal("c.object_id", TSqlParsing.Name(last));
    }
}
