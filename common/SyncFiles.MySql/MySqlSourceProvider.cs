using MySqlConnector;
using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.MySql;

/// <summary>Reads a site's MariaDB or MySQL database for the exporter.</summary>
public sealed class MySqlSourceProvider : ISourceProvider
{
    public string Name => "mysql";

    public async Task<ISourceSnapshot> OpenSnapshotAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken) =>
        await MySqlConnections.OpenAsync(connectionString, "source", connection => BeginAsync(connection, cancellationToken), cancellationToken);

    /// <summary>
    /// One InnoDB snapshot taken now and kept for every table and every upper bound of the bundle.
    /// The clock is read in the session's own time zone first, as a DATETIME column defaulting to
    /// NOW() holds it; then the session reads TIMESTAMPs in UTC.
    /// </summary>
    private static async Task<ISourceSnapshot> BeginAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await MySqlConnections.BeginSnapshotAsync(connection, cancellationToken);
        DateTime localClock;
        DateTime utcClock;
        await using (var clock = new MySqlCommand("SELECT NOW(6), UTC_TIMESTAMP(6)", connection))
        await using (var reader = await clock.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            localClock = reader.GetDateTime(0);
            utcClock = reader.GetDateTime(1);
        }

        await MySqlConnections.ExecuteAsync(connection, "SET time_zone = '+00:00'", cancellationToken);
        return new MySqlSourceSnapshot(connection, localClock, utcClock);
    }
}
