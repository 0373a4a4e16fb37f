using Npgsql;
using SyncFiles.Common;

namespace SyncFiles.Postgres;

/// <summary>Opens connections from a configured connection string, turning failures into messages an operator can act on.</summary>
internal static class PostgresConnections
{
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, string role, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException($"The {role} connection string is not valid for PostgreSQL: {ex.Message}", ex);
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            var what = ex is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName }
                ? "it does not exist"
                : ex.Message;
            // Npgsql connects to the database named like the user when none is given.
            var database = builder.Database ?? builder.Username;
            throw new SyncFilesException($"The {role} PostgreSQL server {builder.Host}:{builder.Port} cannot be reached or refused the connection to database {database}: {what}", ex);
        }
    }
}
