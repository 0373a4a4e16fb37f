using System.Globalization;
using Microsoft.Data.Sqlite;
using SyncFiles.Common.Bundle;
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
        await using (var exists = Command(connection, transaction, SqliteLedgerSql.Exists))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        var sites = new List<LedgerSiteSummary>();
        await using (var command = Command(connection, transaction, SqliteLedgerSql.SiteSummaries))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sites.Add(new LedgerSiteSummary(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    Guid.Parse(reader.GetString(2)),
                    Enum.Parse<BundleMode>(reader.GetString(3), ignoreCase: true),
                    DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
                    reader.GetInt64(5),
                    reader.GetInt64(6)));
            }
        }

        var days = new List<LedgerDayRows>();
        await using (var command = Command(connection, transaction, SqliteLedgerSql.RowsPerDay))
        {
            command.Parameters.AddWithValue("$since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new LedgerDayRows(
                    reader.GetString(0),
                    DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    reader.GetInt64(2),
                    reader.GetInt64(3)));
            }
        }

        return new LedgerSummary(sites, days);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
