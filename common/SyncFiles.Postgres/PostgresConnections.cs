using Npgsql;
using SyncFiles.Common;
using SyncFiles.Common.Text;

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
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.ConnInvalid), ConnectionRole.Of(role), "PostgreSQL", ex.Message), ex);
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
                ? CommonText.Get(nameof(CommonMessages.ConnPostgresNoDatabase), builder.Database)
                : LocalizedText.Untranslated(ex.Message);
            // Npgsql connects to the database named like the user when none is given.
            var database = builder.Database ?? builder.Username;
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.ConnPostgresUnreachable), ConnectionRole.Of(role), builder.Host, builder.Port, what, database), ex);
        }
    }
}
