using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

/// <summary>A site's first load of a table: binary COPY straight into it, no staging table and no upsert.</summary>
internal sealed partial class PostgresTargetTransaction : IDirectLoadTransaction
{
    public async Task<bool> CanLoadDirectlyAsync(MergePlan plan, CancellationToken cancellationToken)
    {
        // A column staged as text is cast by the upsert's SELECT: COPY cannot do that. A row whose
        // parent is missing is named from the staged rows (MissingParentAsync), which a failed COPY
        // into the table takes with it: a table with foreign keys of its own keeps the staging.
        if (plan.SiteColumn is null || _foreignKeys.GetValueOrDefault(plan.Table) is { Count: > 0 } || StagedAsText(plan, StagedColumns(plan)).Count > 0)
        {
            return false;
        }

        await using var command = Command(PostgresSql.SiteHasRows(plan.Table, plan.SiteColumn));
        command.Parameters.AddWithValue("site", NpgsqlDbType.Text, plan.SiteValue!);
        return !(bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<MergeResult> LoadDirectlyAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        _log.Debug("Table {Table}: no row of site {Site} there yet, loading straight into the table", plan.Table, plan.SiteValue);
        var columns = StagedColumns(plan);
        long loaded;

        // COPY fires the table's insert triggers and checks its constraints row by row, as the
        // upsert's INSERT does; it writes identity columns as given, as OVERRIDING SYSTEM VALUE does.
        try
        {
            loaded = await CopyRowsAsync(PostgresSql.CopyIntoTarget(plan.Table, columns), plan, columns, [], rows, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A row a trigger wrote into another table: the server alone names it, as in the merge.
            throw new ForeignKeyViolationException(ex.TableName ?? plan.Table, ex.ConstraintName, null, DetailKey(ex), stillReferenced: false, ex);
        }

        return new MergeResult(loaded, Inserted: loaded, Updated: 0, Unchanged: 0);
    }
}
