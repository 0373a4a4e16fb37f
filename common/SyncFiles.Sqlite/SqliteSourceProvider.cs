using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>Reads a shop's SQLite database for the exporter.</summary>
public sealed class SqliteSourceProvider : ISourceProvider
{
    public string Name => "sqlite";

    public async Task<ISourceSnapshot> OpenSnapshotAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await SqliteConnections.OpenExistingAsync(connectionString, baseDirectory, readOnly: true, "source", cancellationToken);
        try
        {
            // A deferred transaction takes its snapshot at the first read and keeps it until the end,
            // so all tables of the bundle are read from one consistent state (WAL or rollback journal).
            var transaction = connection.BeginTransaction(deferred: true);
            return new SqliteSourceSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
