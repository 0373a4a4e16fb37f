using System.Data;
using System.Globalization;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SyncFiles.Common.Providers;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// The statements the SQL Server dialect hands the shared ledger code (<see cref="TargetTransaction"/>,
/// <see cref="LedgerSummaryReader"/>), parsed with ScriptDom: each reads exactly the parameters the
/// shared code binds for it, and each parameter is typed as the ledger's column it is compared with
/// or written into. No server is needed.
/// </summary>
public sealed class SqlServerLedgerDialectTests
{
    private static readonly LedgerDialect Dialect = SqlServerLedgerDialect.Instance;

    public static TheoryData<string, LedgerParameter[]> Statements => new()
    {
        { nameof(LedgerDialect.FindApplied), [LedgerParameter.Site, LedgerParameter.Sequence] },
        { nameof(LedgerDialect.LastSequence), [LedgerParameter.Site] },
        {
            nameof(LedgerDialect.RecordApplied),
            [LedgerParameter.Site, LedgerParameter.Sequence, LedgerParameter.BundleId, LedgerParameter.Sha256, LedgerParameter.Mode, LedgerParameter.Applied, LedgerParameter.RowsTotal, LedgerParameter.RowCounts]
        },
        { nameof(LedgerDialect.TableStates), [LedgerParameter.Site] },
        { nameof(LedgerDialect.UpsertTableState), [LedgerParameter.Site, LedgerParameter.Table, LedgerParameter.Sha256, LedgerParameter.Sequence, LedgerParameter.Applied] },
        { nameof(LedgerDialect.DeleteTableState), [LedgerParameter.Site, LedgerParameter.Table] },
        { nameof(LedgerDialect.LedgerExists), [] },
        { nameof(LedgerDialect.SiteSummaries), [] },
        { nameof(LedgerDialect.RowsPerDay), [LedgerParameter.Since] },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public void Each_ledger_statement_parses_and_reads_only_the_parameters_the_shared_code_binds(string statement, LedgerParameter[] bound)
    {
        var sql = (string)typeof(LedgerDialect).GetProperty(statement)!.GetValue(Dialect)!;

        var variables = TSqlParsing.Variables(TSqlParsing.Parse(sql));

        Assert.Equal(bound.Select(Dialect.ParameterName).Order(StringComparer.Ordinal), variables.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(LedgerParameter.Site, "site_id")]
    [InlineData(LedgerParameter.Sequence, "sequence")]
    [InlineData(LedgerParameter.BundleId, "bundle_id")]
    [InlineData(LedgerParameter.Sha256, "sha256")]
    [InlineData(LedgerParameter.Mode, "mode")]
    [InlineData(LedgerParameter.Applied, "applied_utc")]
    [InlineData(LedgerParameter.RowsTotal, "rows_total")]
    [InlineData(LedgerParameter.RowCounts, "row_counts")]
    [InlineData(LedgerParameter.Table, "table_name")]
    [InlineData(LedgerParameter.Since, "applied_utc")]
    public void Each_ledger_parameter_is_typed_and_sized_as_its_column(LedgerParameter parameter, string column)
    {
        var definition = TSqlParsing.All<ColumnDefinition>(TSqlParsing.Parse(SqlServerLedgerSql.Create + "\n" + SqlServerLedgerSql.CreateTableState))
            .First(c => c.ColumnIdentifier.Value == column);
        var declared = Assert.IsType<SqlDataTypeReference>(definition.DataType);

        var (type, size) = SqlServerLedgerDialect.TypeOf(parameter);

        Assert.Equal(declared.SqlDataTypeOption.ToString(), type.ToString(), ignoreCase: true);
        var length = declared.Parameters.FirstOrDefault();
        var expectedSize = type is SqlDbType.DateTimeOffset || length is null ? 0
            : length is MaxLiteral ? -1
            : int.Parse(length.Value, CultureInfo.InvariantCulture);
        Assert.Equal(expectedSize, size);
    }
}
