using System.Data;
using Npgsql;
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
            // the bundle, and every upper bound, is read from the same consistent state.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            // DateStyle fixes the text forms PostgresCsvCopy builds on, whatever the server's or the
            // role's default; the data reader reads binary and is not affected. The other settings
            // fix the text of a column carried as PostgreSQL's own text (an interval, a real[], a
            // bytea[]) at PostgreSQL's defaults, which every PostgreSQL target reads back.
            await using (var readOnly = new NpgsqlCommand(
                "SET TRANSACTION READ ONLY; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'",
                connection,
                transaction))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            return new PostgresSourceSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
