using System.Data;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

/// <summary>Reads a site's PostgreSQL database for the exporter.</summary>
public sealed class PostgresSourceProvider : ISourceProvider
{
    public string Name => "postgres";

    public async Task<ISourceSnapshot> OpenSnapshotAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await PostgresConnections.OpenAsync(connectionString, "source", cancellationToken);
        try
        {
            // REPEATABLE READ takes one snapshot at the first statement and keeps it: every table of
            // the bundle, and every upper bound, is read from the same consistent state. Npgsql sends
            // the BEGIN with the first statement; the snapshot sends its settings with it too.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            return new PostgresSourceSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
