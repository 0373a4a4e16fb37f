using System.Data.Common;
using Microsoft.Data.SqlClient;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>A site's first load of a table: SqlBulkCopy straight into it, no staging table and no MERGE.</summary>
internal sealed partial class SqlServerTargetTransaction : IDirectLoadTransaction
{
    public async Task<bool> CanLoadDirectlyAsync(MergePlan plan, CancellationToken cancellationToken)
    {
        if (plan.SiteColumn is null || _foreignKeys.GetValueOrDefault(plan.Table) is { Count: > 0 })
        {
            // A missing parent is named from the staged rows (FindMissingParentAsync): a table with
            // foreign keys keeps the staging, so its refusal still names the row.
            return false;
        }

        var columns = await WrittenColumnsAsync(plan, plan.Columns.Select(c => c.Name).ToList(), cancellationToken);
        if (!columns.All(LoadsAsDeclared))
        {
            return false;
        }

        await using var command = CreateCommand(SqlServerSql.SiteHasRows(plan.Table, plan.SiteColumn));
        SqlServerParameters.AddSite(command, columns[^1], plan.SiteValue);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))! == 0;
    }

    public async Task<MergeResult> LoadDirectlyAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        _log.Debug("Table {Table}: no row of site {Site} there yet, loading straight into the table", plan.Table, plan.SiteValue);
        var columns = await WrittenColumnsAsync(plan, plan.Columns.Select(c => c.Name).ToList(), cancellationToken);

        // What the MERGE's INSERT does that a bulk copy skips unless asked: check constraints and
        // fire insert triggers; write identity values as given (the MERGE's IDENTITY_INSERT) and
        // NULL as NULL rather than the column's default.
        const SqlBulkCopyOptions AsTheMerge = SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers | SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.KeepNulls;
        var loaded = await BulkCopyAsync(SqlServerIdentifier.Quote(plan.Table), AsTheMerge, plan, rows, columns, cancellationToken);
        return new MergeResult(loaded, Inserted: loaded, Updated: 0, Unchanged: 0);
    }

    /// <summary>
    /// Whether a column is staged as its own declared type (<see cref="SqlServerTypeMapper.StagingType"/>)
    /// and written without a conversion (<see cref="SqlServerTypeMapper.StagedValue"/>): then a bulk
    /// copy into the target stores what the MERGE would. tinyint (staged wider so that an
    /// out-of-range value is a data error), the LOB types and the types carried as text keep the staging.
    /// </summary>
    private static bool LoadsAsDeclared(SqlServerCatalogColumn column) => column.TypeName is
        "bit" or "smallint" or "int" or "bigint" or "money" or "smallmoney" or "real" or "float" or "date" or "datetime" or "smalldatetime" or "uniqueidentifier"
        or "decimal" or "numeric" or "time" or "datetime2" or "datetimeoffset" or "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary";
}
