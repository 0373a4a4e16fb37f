using System.Collections.Frozen;
using Microsoft.Data.SqlClient;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>Writes bundles into a central SQL Server database for the importer.</summary>
public sealed class SqlServerTargetProvider : ITargetProvider
{
    /// <summary>
    /// SQL Server error numbers caused by the data itself: the same bundle would fail the same way
    /// again. Decided by number only, never by message text (messages are localised).
    /// </summary>
    internal static readonly FrozenSet<int> RejectedDataErrors = new[]
    {
        2627, // Violation of a PRIMARY KEY or UNIQUE constraint.
        2601, // Duplicate key row in a unique index.
        515,  // NULL into a NOT NULL column.
        547,  // FOREIGN KEY or CHECK constraint conflict.
        8152, // String or binary data would be truncated.
        2628, // String or binary data would be truncated (naming table and column, SQL Server 2019+).
        8115, // Arithmetic overflow converting to a numeric type.
        220,  // Arithmetic overflow for a type, e.g. a tinyint target (staged as smallint) given 300.
        242,  // Conversion to datetime out of range.
        245,  // Conversion failed (a value into a column of another type).
        8114, // Error converting data type.
        8672, // MERGE touched the same target row twice: the bundle holds one key twice.
        6522, // A .NET error in a CLR type's method: hierarchyid::Parse or a spatial STGeomFromText / Parse refused the bundle's text.
        206,  // Operand type clash: a central column of a type the bundle's cannot become.
        207,  // Invalid column name: the central table lacks a bundle column.
        208,  // Invalid object name: the central table does not exist.
        229,  // Permission denied on an object.
        230,  // Permission denied on a column.
        271,  // A computed column cannot be modified.
        544,  // Explicit value for an identity column while IDENTITY_INSERT is off.
        8102, // An identity column cannot be updated.
    }.ToFrozenSet();

    /// <summary>
    /// SQL Server error numbers the next run can cure: deadlock victim, lock timeout, client
    /// timeout, the database or Azure SQL unavailable or throttled, connection lost, log or data
    /// file full. By number only, as Microsoft's own retry guidance lists them.
    /// </summary>
    internal static readonly FrozenSet<int> TransientErrors = new[]
    {
        1205,  // Chosen as the deadlock victim.
        1222,  // Lock request time out period exceeded.
        -2,    // Client-side timeout.
        4060,  // Cannot open the database (not online yet, being restored).
        40613, // Azure SQL: database not currently available.
        40501, // Azure SQL: the service is busy.
        40197, // Azure SQL: error processing the request (failover).
        49918, // Not enough resources to process the request.
        49919, // Too many create or update operations in progress.
        49920, // Too many operations in progress.
        10928, // Resource limit reached (workers, sessions).
        10929, // Resource limit: minimum guarantee not met.
        233,   // No process is on the other end of the pipe (connection closed).
        64,    // The specified network name is no longer available (connection lost).
        121,   // The semaphore timeout period has expired (network).
        10053, // The connection was aborted by the host (TCP).
        10054, // The connection was reset by the peer (TCP).
        1105,  // Could not allocate space: the filegroup is full.
        9002,  // The transaction log is full.
    }.ToFrozenSet();

    public string Name => "sqlserver";

    public ITargetSchemaWriter SchemaWriter { get; } = new SqlServerSchemaWriter();

    public async Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await SqlServerConnections.OpenAsync(connectionString, "target", cancellationToken);
        return new SqlServerTargetConnection(connection, log);
    }

    public async Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken)
    {
        await using var connection = await SqlServerConnections.OpenAsync(connectionString, "target", cancellationToken);
        return await SqlServerLedgerReader.ReadAsync(connection, rowsPerDaySince, cancellationToken);
    }

    public bool IsRejectedData(Exception exception) =>
        exception is SqlException sql && IsRejectedDataError(sql.Number);

    /// <summary>
    /// <see cref="RejectedDataErrors"/>, and the two ranges of xml errors a bundle's text can raise
    /// in CONVERT(xml, ...): 9400-9499, XML parsing (malformed text); 6901-6999, XML Validation
    /// against the column's XML schema collection.
    /// </summary>
    internal static bool IsRejectedDataError(int number) =>
        RejectedDataErrors.Contains(number) || number is >= 9400 and <= 9499 or >= 6901 and <= 6999;

    /// <summary>Any of the exception's errors (or those of one it wraps) in <see cref="TransientErrors"/>, or a timeout.</summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqlException sql:
                    return sql.Errors.Cast<SqlError>().Any(e => TransientErrors.Contains(e.Number));
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
