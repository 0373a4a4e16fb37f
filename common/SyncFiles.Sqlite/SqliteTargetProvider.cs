using Microsoft.Data.Sqlite;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>Writes bundles into a central SQLite database for the importer.</summary>
public sealed class SqliteTargetProvider : ITargetProvider
{
    public string Name => "sqlite";

    public ITargetSchemaWriter SchemaWriter { get; } = new SqliteSchemaWriter();

    public async Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await SqliteConnections.OpenExistingAsync(connectionString, baseDirectory, readOnly: false, "target", cancellationToken);
        return new SqliteTargetConnection(connection, log);
    }

    public async Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken)
    {
        // Read-only: status can never create the ledger, or anything else, in the central database.
        await using var connection = await SqliteConnections.OpenExistingAsync(connectionString, baseDirectory, readOnly: true, "target", cancellationToken);
        return await SqliteLedgerReader.ReadAsync(connection, rowsPerDaySince, cancellationToken);
    }

    /// <summary>A constraint, a type mismatch, a value too big or out of range: the bundle's data.</summary>
    public bool IsRejectedData(Exception exception) =>
        exception is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is SqliteConstraint or SqliteMismatch or SqliteTooBig or SqliteRange;

    /// <summary>
    /// BUSY and LOCKED (another writer holds the database), FULL (disk full), IOERR, CANTOPEN: the
    /// next run can cure them. Primary result codes, on the exception or one it wraps.
    /// </summary>
    public bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException sqlite)
            {
                return (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteFull or SqliteIoError or SqliteCantOpen;
            }
        }

        return false;
    }

    // Primary result codes from sqlite3.h (an extended code keeps the primary in its low byte).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;
    private const int SqliteRange = 25;
}
