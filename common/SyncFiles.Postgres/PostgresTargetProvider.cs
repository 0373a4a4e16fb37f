using Npgsql;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

/// <summary>Writes bundles into a central PostgreSQL database for the importer.</summary>
public sealed class PostgresTargetProvider : ITargetProvider
{
    public string Name => "postgres";

    public async Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken) =>
        new PostgresTargetConnection(await PostgresConnections.OpenAsync(connectionString, "target", cancellationToken), log);

    public async Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken)
    {
        await using var connection = await PostgresConnections.OpenAsync(connectionString, "target", cancellationToken);
        return await PostgresLedgerReader.ReadAsync(connection, rowsPerDaySince, cancellationToken);
    }

    /// <summary>Class 22 (data exception), class 23 (integrity constraint) and 21000 (a key twice in one upsert) are the bundle's data; the rest is the server's.</summary>
    public bool IsRejectedData(Exception exception) =>
        exception is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal) || state == PostgresErrorCodes.CardinalityViolation);
}
