using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Providers;

/// <summary>
/// Lists a source database's tables for <c>syncfiles-export init</c>: catalog reads only, on a
/// read-only connection, never a row of data (except a row count where the database keeps none).
/// One implementation per database driver, beside its <see cref="ISourceProvider"/>.
/// </summary>
public interface ISourceCatalog
{
    /// <summary>The name used in configuration: sqlite, postgres, sqlserver.</summary>
    string Name { get; }

    /// <summary>
    /// Every base table of <paramref name="schema"/> (null: the schema the exporter reads unqualified
    /// names from), by name. A database that cannot be reached is a <see cref="SyncFilesException"/>.
    /// </summary>
    /// <param name="connectionString">As the operator gave it.</param>
    /// <param name="baseDirectory">The folder relative file paths in the connection string are taken from.</param>
    /// <param name="schema">The schema to list; null for the one unqualified names resolve to.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    Task<SourceCatalog> ReadAsync(string connectionString, string baseDirectory, string? schema, CancellationToken cancellationToken);

    /// <summary>
    /// The connection string a site.json in <paramref name="configDirectory"/> must hold to reach the
    /// same database and see the same tables (a SQLite path made relative to that folder; a
    /// PostgreSQL search path naming a schema that is not the default one).
    /// </summary>
    string ForConfiguration(string connectionString, string baseDirectory, string configDirectory, SourceCatalog catalog);
}

/// <summary>What <see cref="ISourceCatalog.ReadAsync"/> found.</summary>
/// <param name="Schema">The schema listed (SQLite: main).</param>
/// <param name="IsDefaultSchema">Whether the exporter's unqualified table names resolve to that schema as the connection string stands.</param>
/// <param name="Tables">Its tables, by name.</param>
public sealed record SourceCatalog(string Schema, bool IsDefaultSchema, IReadOnlyList<CatalogTable> Tables);

/// <summary>One table as the catalog declares it.</summary>
/// <param name="Name">As stored (it may break <see cref="Identifier"/>'s rule; then <paramref name="Unusable"/> says so).</param>
/// <param name="Columns">In order.</param>
/// <param name="PrimaryKey">The primary key's columns in key order; empty when there is none.</param>
/// <param name="UniqueKeys">Other unique, unfiltered indexes or constraints on plain columns, each in key order.</param>
/// <param name="IndexLeadingColumns">The first column of every index (an incremental query on it need not scan the table).</param>
/// <param name="ChangeTracking">SQL Server change tracking is on for the table.</param>
/// <param name="ApproximateRows">The database's own estimate (or a count); null when it keeps none.</param>
/// <param name="Unusable">Why the exporter could not read the table as it is (a name or a column type); null when it can.</param>
public sealed record CatalogTable(
    string Name,
    IReadOnlyList<CatalogColumn> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<IReadOnlyList<string>> UniqueKeys,
    IReadOnlyList<string> IndexLeadingColumns,
    bool ChangeTracking,
    long? ApproximateRows,
    string? Unusable)
{
    public CatalogColumn? Find(string column) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));

    public bool IsIndexed(string column) => IndexLeadingColumns.Contains(column, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One column as the catalog declares it.</summary>
/// <param name="Name">As stored.</param>
/// <param name="DeclaredType">The type as the database writes it (datetime2(3), DECIMAL(12,2), timestamp without time zone).</param>
/// <param name="Type">The portable type it travels as; null when it has none.</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="IsRowversion">A SQL Server rowversion (timestamp) column.</param>
/// <param name="IsAutoNumber">The database numbers new rows (identity, serial, SQLite's INTEGER PRIMARY KEY).</param>
public sealed record CatalogColumn(string Name, string DeclaredType, PortableType? Type, bool Nullable, bool IsRowversion = false, bool IsAutoNumber = false);
