namespace SyncFiles.Samples;

/// <summary>How many rows a run wrote to (or changed in) one table.</summary>
internal readonly record struct TableRowCount(string Table, long Rows);
