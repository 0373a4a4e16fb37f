using System.Data;
using Microsoft.Data.SqlClient;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>
/// Reads the ledger summary with plain SELECTs (no transaction, no application lock); READPAST
/// keeps them from waiting behind an importer that is applying a bundle.
/// </summary>
internal static class SqlServerLedgerReader
{
    public static async Task<LedgerSummary?> ReadAsync(SqlConnection connection, DateOnly since, CancellationToken cancellationToken)
    {
        await using (var exists = new SqlCommand(SqlServerLedgerSql.Exists, connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not 1)
            {
                return null;
            }
        }

        var sites = new List<LedgerSiteSummary>();
        await using (var command = new SqlCommand(SqlServerLedgerSql.SiteSummaries, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sites.Add(new LedgerSiteSummary(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.GetGuid(2),
                    Enum.Parse<BundleMode>(reader.GetString(3), ignoreCase: true),
                    reader.GetDateTimeOffset(4).ToUniversalTime(),
                    reader.GetInt64(5),
                    reader.GetInt64(6)));
            }
        }

        var days = new List<LedgerDayRows>();
        await using (var command = new SqlCommand(SqlServerLedgerSql.RowsPerDay, connection))
        {
            SqlServerParameters.Add(command, "@since", SqlDbType.DateTimeOffset, new DateTimeOffset(since, TimeOnly.MinValue, TimeSpan.Zero));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new LedgerDayRows(reader.GetString(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        return new LedgerSummary(sites, days);
    }
}
