using Microsoft.Data.Sqlite;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>
/// Reads the ledger summary on a read-only connection, inside one read transaction so the last
/// bundles and the rows per day come from the same snapshot. A reader never blocks an importer's
/// write transaction in SQLite (it waits, at most the busy timeout, only while one commits).
/// </summary>
internal static class SqliteLedgerReader
{
    public static async Task<LedgerSummary?> ReadAsync(SqliteConnection connection, DateOnly since, CancellationToken cancellationToken)
    {
        // Deferred: a read transaction, taken at the first SELECT; BEGIN itself does no I/O.
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await LedgerSummaryReader.ReadAsync(connection, transaction, SqliteLedgerDialect.Instance, since, cancellationToken);
    }
}
