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
}
