using Npgsql;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

internal sealed class PostgresTargetConnection : ITargetConnection
{
    private readonly NpgsqlConnection _connection;
    private readonly ILogger _log;

    public PostgresTargetConnection(NpgsqlConnection connection, ILogger log)
    {
        _connection = connection;
        _log = log;
    }

    public async Task EnsureLedgerAsync(CancellationToken cancellationToken)
    {
        // CREATE TABLE IF NOT EXISTS is not safe when importers start together on a new database
        // (the losers fail on pg_type's unique index): serialize it with a transaction-scoped lock.
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(PostgresSql.Lock, _connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("resource", "syncfiles:ledger");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var sql in new[] { PostgresSql.CreateLedger, PostgresSql.CreateTableState })
        {
            await using var command = new NpgsqlCommand(sql, _connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadLastSequencesAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PostgresSql.LastSequences, _connection);
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
        var transaction = await _connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            // Held until commit or rollback: a second importer applying the same site waits here
            // (or, not waiting, leaves the site to this one), then reads the ledger afresh and sees
            // what the first one applied.
            await using var command = new NpgsqlCommand(wait ? PostgresSql.Lock : PostgresSql.TryLock, _connection, transaction);
            command.Parameters.AddWithValue("resource", "syncfiles:site:" + siteId);
            if (wait)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else if (await command.ExecuteScalarAsync(cancellationToken) is not true)
            {
                await transaction.DisposeAsync();
                return null;
            }

            return new PostgresTargetTransaction(_connection, transaction, _log);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
