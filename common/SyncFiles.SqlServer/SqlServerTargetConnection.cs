using System.Data;
using Microsoft.Data.SqlClient;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;

namespace SyncFiles.SqlServer;

internal sealed class SqlServerTargetConnection : ITargetConnection
{
    /// <summary>How long an importer waits for another one that is applying the same site.</summary>
    public static readonly TimeSpan SiteLockTimeout = TimeSpan.FromSeconds(30);

    private readonly SqlConnection _connection;
    private readonly ILogger _log;

    public SqlServerTargetConnection(SqlConnection connection, ILogger log)
    {
        _connection = connection;
        _log = log;
    }

    public async Task EnsureLedgerAsync(CancellationToken cancellationToken)
    {
        // IF OBJECT_ID(...) IS NULL CREATE TABLE races when importers start together on a new
        // database; an application lock owned by this short transaction serializes it.
        await using var transaction = (SqlTransaction)await _connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = _connection.CreateCommand())
        {
            lockCommand.Transaction = transaction;
            lockCommand.CommandText = SqlServerLedgerSql.LockLedgerCreation;
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var sql in new[] { SqlServerLedgerSql.Create, SqlServerLedgerSql.CreateTableState })
        {
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadLastSequencesAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = SqlServerLedgerSql.LastSequences;
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    public async Task<ITargetTransaction> BeginBundleAsync(string siteId, CancellationToken cancellationToken) =>
        (await BeginBundleAsync(siteId, SiteLockTimeout, cancellationToken))!;

    public Task<ITargetTransaction?> TryBeginBundleAsync(string siteId, CancellationToken cancellationToken) =>
        BeginBundleAsync(siteId, TimeSpan.Zero, cancellationToken);

    /// <summary>Null when the lock was not granted within a <paramref name="timeout"/> of zero: another importer holds the site.</summary>
    private async Task<ITargetTransaction?> BeginBundleAsync(string siteId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var transaction = (SqlTransaction)await _connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            // An application lock named for the site, owned by the transaction: a second importer of
            // the same site waits here (or, with no timeout, leaves the site to the first), then
            // finds the bundle in the ledger; other sites go on.
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlServerLedgerSql.AcquireSiteLock;
            command.CommandTimeout = 0;
            SqlServerParameters.Add(command, "@resource", SqlDbType.NVarChar, SqlServerLedgerSql.SiteLockResource(siteId), 255);
            SqlServerParameters.Add(command, "@timeout", SqlDbType.Int, (int)timeout.TotalMilliseconds);
            var result = SqlServerParameters.Add(command, "@result", SqlDbType.Int, null);
            result.Direction = ParameterDirection.Output;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (timeout == TimeSpan.Zero && result.Value is SqlServerLedgerSql.SiteLockTimedOut)
            {
                await transaction.DisposeAsync();
                return null;
            }

            if (result.Value is not int code || code < 0)
            {
                throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SqlServerSiteLocked), siteId, timeout.TotalSeconds, result.Value));
            }

            return new SqlServerTargetTransaction(_connection, transaction, _log);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
