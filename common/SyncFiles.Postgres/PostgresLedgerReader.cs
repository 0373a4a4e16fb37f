using Npgsql;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

/// <summary>
/// Reads the ledger summary in one read-only, repeatable-read transaction: one snapshot for both
/// queries, no lock an importer could wait for, and the server refuses any write.
/// </summary>
internal static class PostgresLedgerReader
{
    public static async Task<LedgerSummary?> ReadAsync(NpgsqlConnection connection, DateOnly since, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand(PostgresSql.ReadOnlySnapshot, connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        return await LedgerSummaryReader.ReadAsync(connection, transaction, PostgresLedgerDialect.Instance, since, cancellationToken);
    }
}
