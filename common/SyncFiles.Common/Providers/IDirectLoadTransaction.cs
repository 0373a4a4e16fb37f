using System.Data.Common;

namespace SyncFiles.Common.Providers;

/// <summary>
/// What a <see cref="ITargetTransaction"/> may also do (optional: a target without it always
/// stages and merges): load a table's rows straight into the target, with the engine's bulk path,
/// when the site has no row there yet. That is a site's first full bundle, its largest, and there
/// staging plus upsert would only copy every row twice. Same rows, same counts (every row
/// inserted), same transaction; a key that is already there, or twice in the bundle, fails the
/// load as it would fail the merge, and the whole bundle is rolled back.
/// </summary>
public interface IDirectLoadTransaction
{
    /// <summary>
    /// Whether <paramref name="plan"/>'s rows can go straight into its table: the table holds no
    /// row of the plan's site (<see cref="MergePlan.SiteColumn"/>, which the importer only passes
    /// set), checked in this transaction under the site's lock, so no other importer can add one
    /// before the commit; and this engine can write every planned column without the staged
    /// conversions of <see cref="ITargetTransaction.MergeAsync"/>. Reads no row of the bundle.
    /// </summary>
    Task<bool> CanLoadDirectlyAsync(MergePlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts every row of <paramref name="rows"/> into <see cref="MergePlan.Table"/> with the
    /// site column set, as <see cref="ITargetTransaction.MergeAsync"/> would into a table without
    /// the site's rows: every row counted as inserted, nothing deleted.
    /// </summary>
    Task<MergeResult> LoadDirectlyAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken);
}
