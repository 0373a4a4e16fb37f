using Npgsql;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

/// <summary>Writes bundles into a central PostgreSQL database for the importer.</summary>
public sealed class PostgresTargetProvider : ITargetProvider
{
    public string Name => "postgres";

    public ITargetSchemaWriter SchemaWriter { get; } = new PostgresSchemaWriter();

    public async Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken) =>
        new PostgresTargetConnection(await PostgresConnections.OpenAsync(connectionString, "target", cancellationToken), log);

    public async Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken)
    {
        await using var connection = await PostgresConnections.OpenAsync(connectionString, "target", cancellationToken);
        return await PostgresLedgerReader.ReadAsync(connection, rowsPerDaySince, cancellationToken);
    }

    /// <summary>
    /// The bundle's data: class 22 (data exception), class 23 (integrity constraint), 21000 (a key
    /// twice in one upsert). The central table: 42P01 undefined table, 42703 undefined column,
    /// 42804 datatype mismatch, 42P18 indeterminate datatype, 0A000 feature not supported (a
    /// partitioned table's system column), 428C9 a generated column given a value, 42501 no
    /// permission. The rest is the server's.
    /// </summary>
    public bool IsRejectedData(Exception exception) =>
        exception is PostgresException { SqlState: var state }
        && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal) || RejectedStates.Contains(state));

    /// <summary>
    /// Class 08 (connection), 40 (deadlock, serialization failure), 53 (disk full, out of memory,
    /// too many connections), 57P0x (shutting down, starting up), 55P03 (lock not available),
    /// 57014 (statement timeout); and a driver error Npgsql itself marks transient (a lost socket, a
    /// timeout), found on the exception or one it wraps.
    /// </summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException { SqlState: var state }:
                    return state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("40", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
                        || state.StartsWith("57P0", StringComparison.Ordinal) || state is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled;
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> RejectedStates =
    [
        PostgresErrorCodes.CardinalityViolation,
        PostgresErrorCodes.UndefinedTable,
        PostgresErrorCodes.UndefinedColumn,
        PostgresErrorCodes.DatatypeMismatch,
        PostgresErrorCodes.IndeterminateDatatype,
        PostgresErrorCodes.FeatureNotSupported,
        "428C9", // generated_always: a value given for a generated column (no constant in Npgsql).
        PostgresErrorCodes.InsufficientPrivilege,
    ];
}
