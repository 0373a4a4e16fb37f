using System.Data.Common;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Common.Providers;

/// <summary>
/// Reads the ledger summary for <c>syncfiles-import status</c> with a provider's
/// <see cref="LedgerDialect"/>. The provider decides the isolation: it passes the read-only
/// transaction it opened (one snapshot for both queries), or none when its statements never wait.
/// </summary>
public static class LedgerSummaryReader
{
    /// <summary>The summary, or null when the ledger does not exist yet.</summary>
    public static async Task<LedgerSummary?> ReadAsync(
        DbConnection connection, DbTransaction? transaction, LedgerDialect dialect, DateOnly since, CancellationToken cancellationToken)
    {
        await using (var exists = Command(connection, transaction, dialect.LedgerExists))
        {
            if (LedgerDialect.ReadCount(await exists.ExecuteScalarAsync(cancellationToken)) == 0)
            {
                return null;
            }
        }

        var sites = new List<LedgerSiteSummary>();
        await using (var command = Command(connection, transaction, dialect.SiteSummaries))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sites.Add(new LedgerSiteSummary(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    dialect.ReadGuid(reader, 2),
                    Enum.Parse<BundleMode>(reader.GetString(3), ignoreCase: true),
                    dialect.ReadTimestamp(reader, 4).ToUniversalTime(),
                    reader.GetInt64(5),
                    reader.GetInt64(6)));
            }
        }

        var days = new List<LedgerDayRows>();
        await using (var command = Command(connection, transaction, dialect.RowsPerDay))
        {
            dialect.Add(command, LedgerParameter.Since, dialect.SinceValue(since));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(new LedgerDayRows(reader.GetString(0), dialect.ReadDay(reader, 1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        return new LedgerSummary(sites, days);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
