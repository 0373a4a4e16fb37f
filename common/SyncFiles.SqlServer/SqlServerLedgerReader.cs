using Microsoft.Data.SqlClient;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>
/// Reads the ledger summary with plain SELECTs (no transaction, no application lock); READPAST
/// keeps them from waiting behind an importer that is applying a bundle.
/// </summary>
internal static class SqlServerLedgerReader
{
    public static Task<LedgerSummary?> ReadAsync(SqlConnection connection, DateOnly since, CancellationToken cancellationToken) =>
        LedgerSummaryReader.ReadAsync(connection, transaction: null, SqlServerLedgerDialect.Instance, since, cancellationToken);
}
