using Npgsql;
using SyncFiles.Common.Bundle;
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

        await using (var exists = new NpgsqlCommand(PostgresSql.LedgerExists, connection, transaction))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        var sites = new List<LedgerSiteSummary>();
        await using (var command = new NpgsqlCommand(PostgresSql.SiteSummaries, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sites.Add(new LedgerSiteSummary(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.GetGuid(2),
                    Enum.Parse<BundleMode>(reader.GetString(3), ignoreCase: true),
                    reader.GetFieldValue<DateTimeOffset>(4).ToUniversalTime(),
                    reader.GetInt64(5),
                    reader.GetInt64(6)));
            }
        }

        var days = new List<LedgerDayRows>();
        await using (var command = new NpgsqlCommand(PostgresSql.RowsPerDay, connection, transaction))
        {
            command.Parameters.AddWithValue("since", new DateTime(since, TimeOnly.MinValue, DateTimeKind.Utc));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new LedgerDayRows(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        return new LedgerSummary(sites, days);
    }
}
