using System.Globalization;
using Microsoft.Data.SqlClient;
using SyncFiles.Common;

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
        var server = string.IsNullOrEmpty(builder.InitialCatalog) ? builder.DataSource : $"{builder.DataSource} (database {builder.InitialCatalog})";
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NotSupportedException or CultureNotFoundException)
        {
            await connection.DisposeAsync();
            throw new SyncFilesException(
                $"The {role} SQL Server {server} cannot be opened: Microsoft.Data.SqlClient does not run in .NET's globalization-invariant mode ({ex.Message}). " +
                "Run SyncFiles with InvariantGlobalization off (the build property, or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false) on a machine with ICU installed.",
                ex);
        }
        catch (SqlException ex)
        {
            await connection.DisposeAsync();
            throw new SyncFilesException($"The {role} SQL Server {server} cannot be reached or refused the connection: {ex.Message}", ex);
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
            throw new ConfigurationException($"The {role} connection string is not valid for SQL Server: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ConfigurationException($"The {role} connection string must name a server (Server=host[,port];Database=name;...).");
        }

        return builder;
    }
}
