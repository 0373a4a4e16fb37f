using System.Data.Common;
using System.Globalization;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>A site's first load of a table: the prepared INSERT straight into it, no staging table and no upsert.</summary>
internal sealed partial class SqliteTargetTransaction : IDirectLoadTransaction
{
    public async Task<bool> CanLoadDirectlyAsync(MergePlan plan, CancellationToken cancellationToken)
    {
        if (new SqliteMerge(plan).SiteHasRows is not { } sql)
        {
            return false;
        }

        // The site column's own collation compares, as in the upsert's key and the mirror's site filter.
        await using var command = CreateCommand(sql);
        command.Parameters.AddWithValue(SqliteMerge.SiteParameter, plan.SiteValue);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
    }

    public async Task<MergeResult> LoadDirectlyAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        _log.Debug("Table {Table}: no row of site {Site} there yet, loading straight into the table", plan.Table, plan.SiteValue);

        // The values are bound as for the staging table, whose columns take the target's affinities:
        // the target stores what the upsert would have copied into it. Foreign keys are checked at
        // the commit on both paths (defer_foreign_keys).
        var loaded = await InsertRowsAsync(new SqliteMerge(plan).InsertTarget, plan, rows, cancellationToken);
        return new MergeResult(loaded, Inserted: loaded, Updated: 0, Unchanged: 0);
    }
}
