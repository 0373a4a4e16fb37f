using MySqlConnector;
using SyncFiles.Common;
using SyncFiles.Common.Text;
using SyncFiles.MySql.Text;

namespace SyncFiles.MySql;

/// <summary>
/// Opens connections from a configured connection string with the settings the provider's SQL
/// relies on, turning failures into messages an operator can act on.
/// </summary>
internal static class MySqlConnections
{
    public static async Task<MySqlConnection> OpenAsync(string connectionString, string role, CancellationToken cancellationToken)
    {
        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.ConnInvalid), ConnectionRole.Of(role), "MariaDB/MySQL", ex.Message), ex);
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ConfigurationException(MySqlText.Get(nameof(MySqlMessages.ConnNoDatabase), ConnectionRole.Of(role)));
        }

        // Fixed whatever the operator wrote, because the SQL below depends on them: CHAR(36) stays
        // text and BINARY(16) bytes (no guessing of GUIDs); an UPDATE counts the rows it changed,
        // not the rows it matched; a zero date is an error to report, never DateTime.MinValue;
        // the staging table is loaded with LOAD DATA LOCAL INFILE from our own stream.
        builder.GuidFormat = MySqlGuidFormat.None;
        builder.UseAffectedRows = true;
        builder.ConvertZeroDateTime = false;
        builder.AllowZeroDateTime = false;
        builder.AllowLoadLocalInfile = true;
        builder.CharacterSet = "utf8mb4";
        builder.DefaultCommandTimeout = 0;

        // A command runs in the session's transaction, whatever its Transaction property says: the
        // catalog's reads, shared by both sides, take a connection alone, also inside the importer's
        // MySqlTransaction (MySqlConnector refuses them otherwise).
        builder.IgnoreCommandTransaction = true;

        var connection = new MySqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is MySqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new SyncFilesException(
                MySqlText.Get(nameof(MySqlMessages.ConnUnreachable), ConnectionRole.Of(role), builder.Server, builder.Port, builder.Database, LocalizedText.Untranslated(ex.Message)),
                ex);
        }
    }

    /// <summary>
    /// Opens a connection as <see cref="OpenAsync(string, string, CancellationToken)"/> does and hands it
    /// to <paramref name="prepare"/> (session settings, a snapshot); a connection that could not be
    /// prepared is closed, not left to the caller.
    /// </summary>
    public static async Task<T> OpenAsync<T>(string connectionString, string role, Func<MySqlConnection, Task<T>> prepare, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(connectionString, role, cancellationToken);
        try
        {
            return await prepare(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Begins a read-only transaction whose InnoDB snapshot is taken now, not at the first read
    /// (REPEATABLE READ WITH CONSISTENT SNAPSHOT): every later read sees the database as it was here.
    /// </summary>
    public static async Task BeginSnapshotAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", cancellationToken);
        await ExecuteAsync(connection, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", cancellationToken);
    }

    /// <summary>Runs one statement that returns no rows.</summary>
    public static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
