using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Which reference tables of one bundle head office can leave out of the database work. A site
/// sends its reference tables in full with every bundle, almost always byte for byte what it sent
/// last time; staging and merging them again would change nothing. A table is left out only when
/// nothing but its CSV can have decided what head office holds of it: the bundle is incremental,
/// the table is a reference table scoped to this site by a site column (other sites' rows are never
/// concerned), it carries no tombstones, and the SHA-256 of its CSV is the one recorded when this
/// site's copy of the table was last applied. A mirrored table ("deletes": "mirror") is left out
/// too: once applied, head office holds exactly its CSV's rows for the site (the merge wrote them
/// and the mirror deleted the rest), so the same CSV again would change nothing. Its record is
/// marked as applied with the mirror (<see cref="Recorded"/>): a CSV last applied without it (the
/// site turned the mirror on since) may have left rows that the mirror must now delete.
/// The table state is kept under the bundle's table name, whatever central table it is merged into. The caller still reads its
/// CSV to the end (header, syntax, size, row count and SHA-256); its values need no parsing, being
/// those of the CSV verified value by value when it was applied.
/// </summary>
public sealed class UnchangedReferenceTables
{
    private static readonly IReadOnlyDictionary<string, TableState> None = new Dictionary<string, TableState>(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, TableState> _applied;

    private UnchangedReferenceTables(IReadOnlyDictionary<string, TableState> applied)
    {
        _applied = applied;
    }

    /// <summary>Reads the site's recorded states, in the bundle's transaction; none when skipping is off or the bundle is full.</summary>
    public static async Task<UnchangedReferenceTables> ReadAsync(bool enabled, Manifest manifest, ITargetTransaction transaction, CancellationToken cancellationToken) =>
        new(enabled && manifest.Mode == BundleMode.Incremental
            ? await transaction.ReadTableStatesAsync(manifest.SiteId, cancellationToken)
            : None);

    /// <summary>The state recorded when this very CSV was last applied, when the table can be left out; null when it must be applied.</summary>
    public TableState? Unchanged(ManifestTable table, MergePlan plan) =>
        table.Kind == TableKind.Reference
        && plan.SiteColumn is not null
        && table.Deleted is null
        && _applied.TryGetValue(TableState.KeyOf(table.Name), out var state)
        && string.Equals(state.Sha256, Recorded(table, plan), StringComparison.OrdinalIgnoreCase)
            ? state
            : null;

    /// <summary>
    /// What the table state records of an applied CSV: its SHA-256, or for a mirrored table the
    /// SHA-256 of "mirror:" and that hash (as long, never equal to a CSV's own hash), so that only
    /// a CSV applied with the mirror lets a mirrored table be left out.
    /// </summary>
    public static string Recorded(ManifestTable table, MergePlan plan) =>
        plan.MirrorDeletes
            ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes("mirror:" + table.Sha256.ToLowerInvariant())))
            : table.Sha256;

    /// <summary>
    /// After a table was applied: records its CSV's SHA-256 when head office now holds exactly that
    /// CSV's rows for the site (a reference table without tombstones), and forgets any older record
    /// otherwise (tombstones removed rows the CSV may still list; a transaction table holds more
    /// than one bundle's rows), so that a later identical CSV is applied again.
    /// </summary>
    public static Task RememberAsync(ITargetTransaction transaction, Manifest manifest, ManifestTable table, MergePlan plan, DateTimeOffset appliedUtc, CancellationToken cancellationToken) =>
        table.Kind == TableKind.Reference && table.Deleted is null
            ? transaction.RecordTableStateAsync(new TableState(manifest.SiteId, table.Name, Recorded(table, plan), manifest.Sequence, appliedUtc), cancellationToken)
            : transaction.ForgetTableStateAsync(manifest.SiteId, table.Name, cancellationToken);
}
