using Microsoft.Data.Sqlite;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>Writes bundles into a central SQLite database for the importer.</summary>
public sealed class SqliteTargetProvider : ITargetProvider
{
    public string Name => "sqlite";

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

    public bool IsRejectedData(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint or SqliteMismatch or SqliteTooBig or SqliteRange };

    // Primary result codes from sqlite3.h.
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;
    private const int SqliteRange = 25;
}
