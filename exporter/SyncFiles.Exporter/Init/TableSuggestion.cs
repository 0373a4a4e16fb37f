using SyncFiles.Common.Bundle;

namespace SyncFiles.Exporter.Init;

/// <summary>
/// What <c>init</c> proposes for one table, with the reasons as comment lines.
/// </summary>
/// <param name="Name">The table.</param>
/// <param name="Included">False: written commented out, with the reason (no key, a name or type the exporter cannot read, the importer's ledger).</param>
/// <param name="Key">The key, written explicitly so the operator sees it: the primary key, or a unique index when there is none; null when left out.</param>
/// <param name="Kind">reference or transaction.</param>
/// <param name="ChangeColumn">Transaction tables: the change column (null with change tracking).</param>
/// <param name="Strategy">Transaction tables: how changes are found.</param>
/// <param name="Notes">Why: one comment line each, written above the table's line.</param>
public sealed record TableSuggestion(
    string Name,
    bool Included,
    IReadOnlyList<string>? Key,
    TableKind Kind,
    string? ChangeColumn,
    ChangeStrategy? Strategy,
    IReadOnlyList<string> Notes);
