using System.Globalization;
using Microsoft.Data.SqlClient;
using SyncFiles.Common;
using SyncFiles.Common.Text;

namespace SyncFiles.SqlServer;

/// <summary>
/// Opens connections from a configured connection string, passed to SqlClient as given (it is only
/// parsed here to refuse a malformed one early and to name the server in messages), turning
/// failures into messages an operator can act on.
/// </summary>
internal static class SqlServerConnections
{
    public static async Task<SqlConnection> OpenAsync(string connectionString, string role, CancellationToken cancellationToken)
    {
        var builder = Parse(connectionString, role);
        object server = string.IsNullOrEmpty(builder.InitialCatalog) ? builder.DataSource : CommonText.Get(nameof(CommonMessages.ConnSqlServerDatabase), builder.DataSource, builder.InitialCatalog);
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NotSupportedException or CultureNotFoundException)
        {
            await connection.DisposeAsync();
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.ConnSqlServerInvariant), ConnectionRole.Of(role), server, ex.Message), ex);
        }
        catch (SqlException ex)
        {
            await connection.DisposeAsync();
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.ConnSqlServerUnreachable), ConnectionRole.Of(role), server, ex.Message), ex);
        }
    }

    /// <summary>Parses the connection string; a malformed one, or one that names no server, is a <see cref="ConfigurationException"/>.</summary>
    public static SqlConnectionStringBuilder Parse(string connectionString, string role)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.ConnInvalid), ConnectionRole.Of(role), "SQL Server", ex.Message), ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.ConnSqlServerNoServer), ConnectionRole.Of(role)));
        }

        return builder;
    }
}
