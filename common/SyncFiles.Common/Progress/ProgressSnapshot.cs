namespace SyncFiles.Common.Progress;

/// <summary>What one table's line shows at one moment.</summary>
/// <param name="Table">The table (or its tombstones).</param>
/// <param name="Rows">Rows written (export) or read into staging (import) so far.</param>
/// <param name="Bytes">Bytes of CSV so far (before compression).</param>
/// <param name="Elapsed">Time since the table started, or its whole time once done.</param>
/// <param name="Done">The table is finished.</param>
public readonly record struct TableProgressSnapshot(string Table, long Rows, long Bytes, TimeSpan Elapsed, bool Done);

/// <summary>What the display shows at one moment: the bundle being written or applied, and its tables so far.</summary>
public sealed record ProgressSnapshot(string Title, IReadOnlyList<TableProgressSnapshot> Tables);
