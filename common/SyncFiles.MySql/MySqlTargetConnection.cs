using System.Data;
using MySqlConnector;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.MySql;

internal sealed class MySqlTargetConnection : ITargetConnection
{
    private readonly MySqlConnection _connection;
    private readonly ILogger _log;

    public MySqlTargetConnection(MySqlConnection connection, ILogger log)
    {
        _connection = connection;
        _log = log;
    }

    public async Task EnsureLedgerAsync(CancellationToken cancellationToken)
    {
        // CREATE TABLE IF NOT EXISTS is atomic under the server's metadata lock: importers starting
        // together on a new database need no lock of their own. (DDL commits at once in MariaDB.)
        foreach (var sql in new[] { MySqlSql.CreateLedger, MySqlSql.CreateTableState })
        {
            await using var command = new MySqlCommand(sql, _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadLastSequencesAsync(CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(MySqlSql.LastSequences, _connection);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    public async Task<ITargetTransaction> BeginBundleAsync(string siteId, CancellationToken cancellationToken) =>
        (await BeginBundleAsync(siteId, wait: true, cancellationToken))!;

    public Task<ITargetTransaction?> TryBeginBundleAsync(string siteId, CancellationToken cancellationToken) =>
        BeginBundleAsync(siteId, wait: false, cancellationToken);

    private async Task<ITargetTransaction?> BeginBundleAsync(string siteId, bool wait, CancellationToken cancellationToken)
    {
        // A named lock belongs to the session, not the transaction: MySqlTargetTransaction releases
        // it after the commit or the rollback. A second importer applying the same site waits here
        // (or, not waiting, leaves the site to the first), then reads the ledger afresh and sees
        // what the first one applied.
        // Named for the database too: a named lock is the server's, and an importer must never
        // leave a site to one that applies another database's head office.
        var resource = "syncfiles:site:" + siteId + "@" + _connection.Database;
        await using (var command = new MySqlCommand(MySqlSql.Lock, _connection))
        {
            command.Parameters.AddWithValue("@resource", resource);
            command.Parameters.AddWithValue("@timeout", wait ? MySqlSql.LockWaitSeconds : 0);
            var granted = await command.ExecuteScalarAsync(cancellationToken);
            var code = granted is null or DBNull ? -1 : Convert.ToInt64(granted, System.Globalization.CultureInfo.InvariantCulture);
            if (!wait && code == 0)
            {
                return null;
            }

            if (code != 1)
            {
                throw new TimeoutException($"GET_LOCK('{resource}') did not return 1.");
            }
        }

        try
        {
            var transaction = await _connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            return new MySqlTargetTransaction(_connection, transaction, resource, _log);
        }
        catch
        {
            await MySqlTargetTransaction.UnlockAsync(_connection, resource);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
