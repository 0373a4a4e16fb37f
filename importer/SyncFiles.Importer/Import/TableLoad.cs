using System.Data.Common;
using SyncFiles.Common.Providers;

namespace SyncFiles.Importer.Import;

/// <summary>
/// How one bundle table's rows reach their central table: straight in with the engine's bulk path
/// when the target can (<see cref="IDirectLoadTransaction"/>) and holds no row of the site yet,
/// otherwise staged and merged. Only a table with a site column qualifies: its key includes the
/// site column, so no other site's row can collide with this site's by that key, and "no row of
/// the site" is one EXISTS on the site column. A shared table (no site column) is always merged.
/// </summary>
public static class TableLoad
{
    public static async Task<MergeResult> ApplyAsync(ITargetTransaction transaction, MergePlan plan, DbDataReader rows, CancellationToken cancellationToken) =>
        plan.SiteColumn is not null && transaction is IDirectLoadTransaction direct && await direct.CanLoadDirectlyAsync(plan, cancellationToken)
            ? await direct.LoadDirectlyAsync(plan, rows, cancellationToken)
            : await transaction.MergeAsync(plan, rows, cancellationToken);
}
