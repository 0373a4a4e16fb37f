namespace SyncFiles.Common.Providers;

/// <summary>
/// A foreign key of a target table, as the catalog declares it, names in the target's spelling:
/// <paramref name="Columns"/> of the table refer to <paramref name="ReferencedColumns"/> of
/// <see cref="ReferencedTable"/> (the same count, in pairs). <paramref name="Name"/> is the
/// constraint's name; SQLite keeps none, so there it is written <c>table(columns) -&gt; parent(columns)</c>.
/// <paramref name="Deferrable"/>: the importer can put off its check to the commit (PostgreSQL's
/// <c>DEFERRABLE</c>; SQLite's <c>PRAGMA defer_foreign_keys</c> defers any; SQL Server none).
/// </summary>
public sealed record TargetForeignKey(
    string Name,
    IReadOnlyList<string> Columns,
    string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns,
    bool Deferrable)
{
    /// <summary>Whether the key refers to its own table (employee -> manager).</summary>
    public bool RefersTo(string table) => string.Equals(ReferencedTable, table, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>name (a, b) -&gt; parent (x, y)</c>, for messages.</summary>
    public string Describe() =>
        $"{Name} ({string.Join(", ", Columns)}) -> {ReferencedTable} ({string.Join(", ", ReferencedColumns)})";
}

/// <summary>
/// A row the target refused because of a foreign key: <see cref="Table"/> (the referencing
/// table) has a row whose <see cref="Key"/> its parent <see cref="ReferencedTable"/>
/// lacks, or (<see cref="StillReferenced"/>) a parent row deleted is still referenced. Each
/// part is null where the engine does not tell it. Thrown by the target's transaction in place of
/// the driver's error (kept as the inner exception), so the message can name both tables.
/// </summary>
public sealed class ForeignKeyViolationException : SyncFilesException
{
    public ForeignKeyViolationException(string table, string? constraint, string? referencedTable, string? key, bool stillReferenced, Exception innerException)
        : base(Format(table, constraint, referencedTable, key, stillReferenced), innerException)
    {
        Table = table;
        Constraint = constraint;
        ReferencedTable = referencedTable;
        Key = key;
        StillReferenced = stillReferenced;
    }

    /// <summary>The referencing (child) table, in the target's spelling.</summary>
    public string Table { get; }

    public string? Constraint { get; }

    public string? ReferencedTable { get; }

    /// <summary>The missing key as <c>(column, ...)=(value, ...)</c>, as PostgreSQL writes it.</summary>
    public string? Key { get; }

    /// <summary>A parent row was deleted while <see cref="Table"/> still refers to it.</summary>
    public bool StillReferenced { get; }

    private static string Format(string table, string? constraint, string? referencedTable, string? key, bool stillReferenced)
    {
        var name = constraint is null ? "a foreign key" : $"foreign key {constraint}";
        var parent = referencedTable ?? "its parent table";
        return stillReferenced
            ? $"deleting from {parent} violates {name} of table {table}: {(key is null ? "a deleted row" : $"key {key}")} is still referenced from table {table}"
            : $"table {table} violates {name}: {(key is null ? "a row's key" : $"key {key}")} is not present in table {parent}";
    }
}
