using System.Globalization;
using MySqlConnector;
using SyncFiles.Common.Bundle;
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
        await ExecuteAsync(connection, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", cancellationToken);
        await ExecuteAsync(connection, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", cancellationToken);
        await using (var exists = new MySqlCommand(MySqlSql.LedgerExists, connection))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        var sites = new List<LedgerSiteSummary>();
        await using (var command = new MySqlCommand(MySqlSql.SiteSummaries, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sites.Add(new LedgerSiteSummary(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    Guid.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                    Enum.Parse<BundleMode>(reader.GetString(3), ignoreCase: true),
                    new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Unspecified), TimeSpan.Zero),
                    reader.GetInt64(5),
                    reader.GetInt64(6)));
            }
        }

        var days = new List<LedgerDayRows>();
        await using (var command = new MySqlCommand(MySqlSql.RowsPerDay, connection))
        {
            command.Parameters.AddWithValue("@since", since.ToDateTime(TimeOnly.MinValue));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new LedgerDayRows(reader.GetString(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        await ExecuteAsync(connection, "COMMIT", cancellationToken);
        return new LedgerSummary(sites, days);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
