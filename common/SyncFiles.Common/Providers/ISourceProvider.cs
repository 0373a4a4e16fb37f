using System.Data.Common;
using Serilog;
using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Providers;

/// <summary>
/// What the exporter needs from a source database, and nothing more. One implementation per
/// database driver, each in its own project.
/// </summary>
public interface ISourceProvider
{
    /// <summary>The name used in configuration: sqlite, postgres, sqlserver.</summary>
    string Name { get; }

    /// <summary>
    /// Opens the database read-only and starts one read transaction, so every table of the bundle
    /// is read from the same consistent state. A missing database is an error, never a new one.
    /// </summary>
    /// <param name="connectionString">As configured.</param>
    /// <param name="baseDirectory">The configuration file's folder, for relative file paths.</param>
    Task<ISourceSnapshot> OpenSnapshotAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken);
}

/// <summary>A consistent, read-only view of the source for the length of one export.</summary>
public interface ISourceSnapshot : IAsyncDisposable
{
    /// <summary>Columns, portable types and primary key from the catalog; an unknown table is an error.</summary>
    Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken);

    /// <summary>
    /// The largest value of a change column in this snapshot (a <see cref="DateTime"/> or a
    /// <see cref="long"/>), or null when the table has no rows with a value.
    /// </summary>
    Task<object?> ReadMaxAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken);

    /// <summary>Streams the table's rows, all columns in schema order, optionally limited to a change range.</summary>
    Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken);
}

/// <summary>
/// Rows whose <paramref name="Column"/> lies in (<paramref name="From"/>, <paramref name="To"/>]
/// (or [From, To] when <paramref name="FromInclusive"/>); a null From means no lower bound.
/// </summary>
public sealed record ChangeRange(ColumnSchema Column, object? From, bool FromInclusive, object To);
