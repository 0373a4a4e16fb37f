using System.Data.Common;
using Serilog;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Common.Providers;

/// <summary>
/// One bundle's transaction, with what every database does alike written once: the ledger
/// (<see cref="FindAppliedAsync"/>, <see cref="ReadLastSequenceAsync"/>, <see cref="RecordAsync"/>),
/// the reference tables' state, commit and rollback. A provider subclasses it with its
/// <see cref="LedgerDialect"/> and its own command factory, and writes the table work: describing,
/// merging, deleting, deferring foreign keys, native types and schema changes.
/// </summary>
/// <remarks>
/// Hooks a provider may override: <see cref="BeforeCommitAsync"/> (checks put off to the commit),
/// <see cref="ExplainCommitFailureAsync"/> (a commit refused for a reason the provider can name) and
/// <see cref="AfterEndAsync"/> (what the session holds beyond the transaction, released once it ends).
/// The ledger's rows are written in the bundle's transaction, so they commit or roll back with its rows.
/// </remarks>
public abstract class TargetTransaction : ITargetTransaction
{
    private readonly DbTransaction _transaction;
    private readonly LedgerDialect _dialect;
    private bool _committed;

    protected TargetTransaction(DbTransaction transaction, LedgerDialect dialect, ILogger log)
    {
        _transaction = transaction;
        _dialect = dialect;
        Log = log;
    }

    protected ILogger Log { get; }

    /// <summary>A command on the bundle's connection and transaction, with the provider's timeout.</summary>
    protected abstract DbCommand CreateCommand(string sql);

    public async Task<LedgerEntry?> FindAppliedAsync(string siteId, long sequence, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(_dialect.FindApplied);
        _dialect.Add(command, LedgerParameter.Site, siteId);
        _dialect.Add(command, LedgerParameter.Sequence, sequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new LedgerEntry(
            siteId,
            sequence,
            _dialect.ReadGuid(reader, 0),
            reader.GetString(1),
            Enum.Parse<BundleMode>(reader.GetString(2), ignoreCase: true),
            _dialect.ReadTimestamp(reader, 3),
            reader.GetInt64(4),
            reader.GetString(5));
    }

    public async Task<long> ReadLastSequenceAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(_dialect.LastSequence);
        _dialect.Add(command, LedgerParameter.Site, siteId);
        return LedgerDialect.ReadCount(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task RecordAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(_dialect.RecordApplied);
        _dialect.Add(command, LedgerParameter.Site, entry.SiteId);
        _dialect.Add(command, LedgerParameter.Sequence, entry.Sequence);
        _dialect.Add(command, LedgerParameter.BundleId, _dialect.GuidValue(entry.BundleId));
        _dialect.Add(command, LedgerParameter.Sha256, entry.Sha256);
        _dialect.Add(command, LedgerParameter.Mode, entry.Mode.ToString().ToLowerInvariant());
        _dialect.Add(command, LedgerParameter.Applied, _dialect.TimestampValue(entry.AppliedUtc));
        _dialect.Add(command, LedgerParameter.RowsTotal, entry.RowsTotal);
        _dialect.Add(command, LedgerParameter.RowCounts, entry.RowCounts);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, TableState>> ReadTableStatesAsync(string siteId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(_dialect.TableStates);
        _dialect.Add(command, LedgerParameter.Site, siteId);
        var states = new Dictionary<string, TableState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var table = reader.GetString(0);
            states[table] = new TableState(siteId, table, reader.GetString(1), reader.GetInt64(2), _dialect.ReadTimestamp(reader, 3));
        }

        return states;
    }

    public async Task RecordTableStateAsync(TableState state, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(_dialect.UpsertTableState);
        _dialect.Add(command, LedgerParameter.Site, state.SiteId);
        _dialect.Add(command, LedgerParameter.Table, TableState.KeyOf(state.Table));
        _dialect.Add(command, LedgerParameter.Sha256, state.Sha256);
        _dialect.Add(command, LedgerParameter.Sequence, state.Sequence);
        _dialect.Add(command, LedgerParameter.Applied, _dialect.TimestampValue(state.AppliedUtc));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ForgetTableStateAsync(string siteId, string table, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(_dialect.DeleteTableState);
        _dialect.Add(command, LedgerParameter.Site, siteId);
        _dialect.Add(command, LedgerParameter.Table, TableState.KeyOf(table));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await BeforeCommitAsync(cancellationToken);
        try
        {
            await _transaction.CommitAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            if (await ExplainCommitFailureAsync(ex, cancellationToken) is { } explained)
            {
                throw explained;
            }

            throw;
        }

        _committed = true;
        await AfterEndAsync();
    }

    /// <summary>Runs what the provider put off to the commit (deferred constraint checks); nothing by default.</summary>
    protected virtual Task BeforeCommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The error to report instead of <paramref name="error"/>, a refused commit (a deferred foreign
    /// key naming its row), or null to report it as it is. The transaction is still open here.
    /// </summary>
    protected virtual Task<Exception?> ExplainCommitFailureAsync(DbException error, CancellationToken cancellationToken) =>
        Task.FromResult<Exception?>(null);

    /// <summary>
    /// Runs once the transaction has ended, committed or rolled back (or lost with its connection):
    /// releases what outlives a transaction on the session, such as MariaDB's named lock, which
    /// <c>GET_LOCK</c> takes for the session. Nothing by default. It must not throw: a failed
    /// bundle's own error is the one to report.
    /// </summary>
    protected virtual Task AfterEndAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            // A transaction the server already ended (a broken connection, a severe error) has no
            // connection left to roll back on.
            if (_transaction.Connection is not null)
            {
                try
                {
                    await _transaction.RollbackAsync();
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException)
                {
                    // The connection broke: the server rolls back on its own. The error that got us
                    // here is the one to report, so this one is only logged.
                    Log.Debug("Rollback failed after an error: {Message}", ex.Message);
                }
            }

            await AfterEndAsync();
        }

        await _transaction.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public abstract Task<TargetTable?> DescribeTableAsync(string table, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken);

    public abstract Task<MergeResult> MergeAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken);

    public abstract Task<long> DeleteAsync(MergePlan plan, DbDataReader keys, CancellationToken cancellationToken);

    public abstract Task DeferForeignKeysAsync(TargetTable table, IReadOnlyList<TargetForeignKey> foreignKeys, CancellationToken cancellationToken);

    public abstract Task<string?> NativeTypeAsync(string sourceProvider, ManifestColumn column, CancellationToken cancellationToken);

    public abstract Task ExecuteSchemaChangeAsync(string statement, CancellationToken cancellationToken);
}
