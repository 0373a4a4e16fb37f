using Microsoft.Data.Sqlite;
using SyncFiles.Common;
using SyncFiles.Common.Config;
using SyncFiles.Common.Text;

namespace SyncFiles.Sqlite;

/// <summary>
/// Opens SQLite files named by a configured connection string: relative paths are taken from the
/// configuration's folder, and a missing file is an error (Microsoft.Data.Sqlite would otherwise
/// create an empty database and the run would "succeed" on nothing).
/// </summary>
internal static class SqliteConnections
{
    public static async Task<SqliteConnection> OpenExistingAsync(string connectionString, string baseDirectory, bool readOnly, string role, CancellationToken cancellationToken)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.ConnInvalid), ConnectionRole.Of(role), "SQLite", ex.Message), ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.ConnNoFile), ConnectionRole.Of(role)));
        }

        var path = ConfigFile.Resolve(baseDirectory, builder.DataSource);
        if (!File.Exists(path))
        {
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.ConnMissingFile), ConnectionRole.Of(role), path));
        }

        builder.DataSource = path;
        builder.Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite;
        builder.Pooling = false;
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.ConnCannotOpen), ConnectionRole.Of(role), path, ex.Message), ex);
        }

        return connection;
    }
}
