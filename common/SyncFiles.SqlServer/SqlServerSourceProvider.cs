using System.Data;
using Microsoft.Data.SqlClient;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>Reads a shop's SQL Server database for the exporter.</summary>
public sealed class SqlServerSourceProvider : ISourceProvider
{
    public string Name => "sqlserver";

    public async Task<ISourceSnapshot> OpenSnapshotAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await SqlServerConnections.OpenAsync(connectionString, "source", cancellationToken);
        try
        {
            var isolation = await ChooseIsolationAsync(connection, log, cancellationToken);
            var transaction = (SqlTransaction)await connection.BeginTransactionAsync(isolation, cancellationToken);
            try
            {
                return await SqlServerSourceSnapshot.StartAsync(connection, transaction, cancellationToken);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Snapshot isolation when the database allows it: every table of the bundle is then read from
    /// the same committed state, without blocking the shop's writers. Otherwise READ COMMITTED, with
    /// a warning: each statement sees what was committed when it ran.
    /// </summary>
    private static async Task<IsolationLevel> ChooseIsolationAsync(SqlConnection connection, ILogger log, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqlServerSql.SnapshotIsolationState;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == 1)
        {
            return IsolationLevel.Snapshot;
        }

        var database = reader.IsDBNull(1) ? "the database" : reader.GetString(1);
        log.Warning(
            "Database {Database} does not allow snapshot isolation: tables are read under READ COMMITTED, not from one consistent snapshot, so rows written during the export can leave the bundle's tables out of step with each other (a line without its order). Enable it (in that database) with ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON",
            database);
        return IsolationLevel.ReadCommitted;
    }
}
