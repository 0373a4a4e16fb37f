using MySqlConnector;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.MySql;

/// <summary>Writes bundles into a central MariaDB or MySQL database for the importer.</summary>
public sealed class MySqlTargetProvider : ITargetProvider
{
    public string Name => "mysql";

    public ITargetSchemaWriter SchemaWriter { get; } = new MySqlSchemaWriter();

    public async Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken) =>
        await MySqlConnections.OpenAsync(
            connectionString,
            "target",
            async connection =>
            {
                await MySqlConnections.ExecuteAsync(connection, MySqlSql.TargetSession, cancellationToken);
                return new MySqlTargetConnection(connection, log);
            },
            cancellationToken);

    public async Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnections.OpenAsync(connectionString, "target", cancellationToken);
        return await MySqlLedgerReader.ReadAsync(connection, rowsPerDaySince, cancellationToken);
    }

    /// <summary>
    /// The bundle's data: SQLSTATE class 22 (data exception) or 23 (integrity constraint), and the
    /// server errors strict mode raises for a value (out of range, truncated, incorrect, too long,
    /// a CHECK constraint). The central table: unknown table or column, a generated column given a
    /// value, no permission, no partition for the row; and a value the staging table took only with a warning. The rest is the server's.
    /// </summary>
    public bool IsRejectedData(Exception exception) =>
        exception is MySqlStagingException
        || exception is MySqlException { SqlState: var state, ErrorCode: var code }
        && ((state is not null && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal))) || RejectedCodes.Contains(code));

    /// <summary>
    /// A lost or refused connection, a lock wait timeout or deadlock, too many connections, a
    /// server shutting down, a full disk, a statement timeout; and whatever MySqlConnector itself
    /// marks transient, found on the exception or one it wraps.
    /// </summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case MySqlException { ErrorCode: var code } when TransientCodes.Contains(code):
                case MySqlException { IsTransient: true }:
                case TimeoutException:
                    return true;
                case MySqlException:
                    return false;
            }
        }

        return false;
    }

    private static readonly HashSet<MySqlErrorCode> RejectedCodes =
    [
        MySqlErrorCode.ColumnCannotBeNull,
        MySqlErrorCode.DuplicateKeyEntry,
        MySqlErrorCode.NoSuchTable,
        MySqlErrorCode.BadFieldError,
        MySqlErrorCode.WarningDataOutOfRange,
        MySqlErrorCode.WarningDataTruncated,
        MySqlErrorCode.TruncatedWrongValue,
        MySqlErrorCode.TruncatedWrongValueForField,
        MySqlErrorCode.DataTooLong,
        MySqlErrorCode.DataOutOfRange,
        MySqlErrorCode.NoReferencedRow2,
        MySqlErrorCode.RowIsReferenced2,
        MySqlErrorCode.TableAccessDenied,
        MySqlErrorCode.ColumnAccessDenied,
        MySqlErrorCode.NoPartitionForGivenValue, // A partitioned central table with no partition for the site (docs/providers.md).
        (MySqlErrorCode)3105, // MySQL: a value given for a generated column.
        (MySqlErrorCode)1906, // MariaDB: the value specified for a generated column is ignored (strict mode: an error).
        (MySqlErrorCode)4025, // MariaDB: CHECK constraint failed.
        (MySqlErrorCode)3819, // MySQL: check constraint violated.
    ];

    private static readonly HashSet<MySqlErrorCode> TransientCodes =
    [
        MySqlErrorCode.LockWaitTimeout,
        MySqlErrorCode.LockDeadlock,
        MySqlErrorCode.ConnectionCountError,
        MySqlErrorCode.TooManyUserConnections,
        MySqlErrorCode.ServerShutdown,
        MySqlErrorCode.DiskFull,
        MySqlErrorCode.UnableToConnectToHost,
        MySqlErrorCode.QueryInterrupted,
        (MySqlErrorCode)1969, // MariaDB: max_statement_time exceeded.
        (MySqlErrorCode)3024, // MySQL: max_execution_time exceeded.
        (MySqlErrorCode)2006, // Client: server has gone away.
        (MySqlErrorCode)2013, // Client: lost connection during query.
    ];
}
