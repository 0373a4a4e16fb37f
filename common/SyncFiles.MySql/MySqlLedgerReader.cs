using MySqlConnector;
using SyncFiles.Common.Providers;

namespace SyncFiles.MySql;

/// <summary>
/// Reads the ledger summary in one read-only consistent snapshot: both queries see the same
/// state, InnoDB's consistent reads take no lock an importer could wait for, and the server
/// refuses any write.
/// </summary>
internal static class MySqlLedgerReader
{
    public static async Task<LedgerSummary?> ReadAsync(MySqlConnection connection, DateOnly since, CancellationToken cancellationToken)
    {
        await MySqlConnections.BeginSnapshotAsync(connection, cancellationToken);
        var summary = await LedgerSummaryReader.ReadAsync(connection, transaction: null, MySqlLedgerDialect.Instance, since, cancellationToken);
        await MySqlConnections.ExecuteAsync(connection, "COMMIT", cancellationToken);
        return summary;
    }
}
