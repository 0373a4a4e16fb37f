using Microsoft.Data.Sqlite;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

internal sealed class SqliteTargetConnection : ITargetConnection
{
    private readonly SqliteConnection _connection;
    private readonly ILogger _log;

    public SqliteTargetConnection(SqliteConnection connection, ILogger log)
    {
        _connection = connection;
        _log = log;
    }

    public async Task EnsureLedgerAsync(CancellationToken cancellationToken)
    {
        foreach (var sql in new[] { SqliteLedgerSql.Create, SqliteLedgerSql.CreateTableState })
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadLastSequencesAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = SqliteLedgerSql.LastSequences;
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    public Task<ITargetTransaction> BeginBundleAsync(string siteId, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes SQLite's write lock now, not at the first write: a second importer
        // waits here (busy timeout) instead of reading the ledger and then colliding. SQLite has one
        // writer per database, so this lock covers the site and every other one.
        var transaction = _connection.BeginTransaction(deferred: false);
        try
        {
            // Every foreign key is checked at the commit, not after each statement: the tables of a
            // cycle, a mirror delete of a parent before its children's, all load in one order, and a
            // violation is found with foreign_key_check while its rows are still there to name
            // (SqliteTargetTransaction.CommitAsync). SQLite turns the pragma off at COMMIT and ROLLBACK.
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA defer_foreign_keys = ON";
            command.ExecuteNonQuery();
        }
        catch
        {
            transaction.Dispose();
            throw;
        }

        return Task.FromResult<ITargetTransaction>(new SqliteTargetTransaction(_connection, transaction, _log));
    }

    /// <summary>
    /// The same as <see cref="BeginBundleAsync"/>: SQLite has one writer per database file, not a
    /// lock per site, so a second importer waits for the first one's bundle (busy timeout) whatever
    /// its site, and leaving a site to the other would gain nothing.
    /// </summary>
    public async Task<ITargetTransaction?> TryBeginBundleAsync(string siteId, CancellationToken cancellationToken) =>
        await BeginBundleAsync(siteId, cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
