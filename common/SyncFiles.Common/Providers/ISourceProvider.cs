using System.Data.Common;
using Serilog;
using SyncFiles.Common.Bundle;
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
    /// <param name="log">The run's log.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    Task<ISourceSnapshot> OpenSnapshotAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken);
}

/// <summary>A consistent, read-only view of the source for the length of one export.</summary>
public interface ISourceSnapshot : IAsyncDisposable
{
    /// <summary>Columns, portable types and primary key from the catalog; an unknown table is an error.</summary>
    Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken);

    /// <summary>
    /// Reads ahead, where the database can answer for all of them at once, what
    /// <see cref="DescribeTableAsync"/> will be asked about these tables: one round trip instead of
    /// one per table. The descriptions, and the refusals, stay those of <see cref="DescribeTableAsync"/>.
    /// Nothing by default.
    /// </summary>
    Task PrepareDescriptionsAsync(IReadOnlyList<string> tables, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether an index starts with <paramref name="column"/> (an incremental read without one scans the table).</summary>
    Task<bool> IsIndexedAsync(TableSchema table, string column, CancellationToken cancellationToken);

    /// <summary>
    /// The upper bound of the changes visible in this snapshot: for <c>timestamp</c> the largest value
    /// of the column (a <see cref="DateTime"/>, or for a datetimeoffset column a
    /// <see cref="DateTimeOffset"/> in UTC), for <c>sequence</c> its largest value, for
    /// <c>rowversion</c> the last version no open transaction can still commit below, for
    /// <c>changetracking</c> the current change-tracking version (all <see cref="long"/>). Null when
    /// there is nothing to bound (an empty table). A strategy the database does not offer is a
    /// <see cref="ConfigurationException"/>.
    /// </summary>
    Task<object?> ReadUpperBoundAsync(TableSchema table, ColumnSchema? column, ChangeStrategy strategy, CancellationToken cancellationToken);

    /// <summary>
    /// The database's own clock ("now", as of this snapshot) in the terms of a <c>timestamp</c> change
    /// column: a <see cref="DateTimeOffset"/> in UTC for a datetimeoffset column; for a datetime
    /// column the local date-time the database itself would write (PostgreSQL's
    /// <c>localtimestamp</c>, SQL Server's <c>SYSDATETIME()</c>; SQLite has no time zone: see its
    /// provider). The exporter never lets a bound run ahead of it by more than the overlap.
    /// </summary>
    Task<object> ReadClockAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest lower bound from which changes can still be read (change tracking's minimum valid
    /// version), or null when every bound is valid.
    /// </summary>
    Task<long?> ReadOldestValidBoundAsync(TableSchema table, ChangeStrategy strategy, CancellationToken cancellationToken);

    /// <summary>Streams the table's rows, all columns in schema order, optionally limited to a change range.</summary>
    Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the same rows as <see cref="ReadRowsAsync"/> as CSV records the database formats
    /// itself, without the header line, byte for byte as <see cref="Csv.TableCsvWriter"/> would write
    /// them; or returns null when this database or table cannot, and the exporter formats the rows
    /// of <see cref="ReadRowsAsync"/> instead. A value no bundle can carry fails the read with a
    /// <see cref="SyncFilesException"/> that names the row's key and the column.
    /// </summary>
    Task<Stream?> TryReadRowsAsCsvAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange? range, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the keys (in <paramref name="key"/> order) of rows deleted within the range, for
    /// strategies that record deletions (change tracking); null for the others.
    /// </summary>
    Task<DbDataReader?> ReadDeletedKeysAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange range, CancellationToken cancellationToken);
}

/// <summary>
/// The rows changed between two bounds: for column strategies, rows whose <paramref name="Column"/>
/// lies in (<paramref name="From"/>, <paramref name="To"/>] (or [From, To] when
/// <paramref name="FromInclusive"/>); for change tracking, rows changed after version From up to
/// version To. A null From means no lower bound.
/// </summary>
public sealed record ChangeRange(ChangeStrategy Strategy, ColumnSchema? Column, object? From, bool FromInclusive, object To);
