using Microsoft.Data.Sqlite;
using SyncFiles.Common;
using SyncFiles.Common.Config;
using SyncFiles.Common.Text;

namespace SyncFiles.Sqlite;

/// <summary>Connection strings moved into a configuration file, whose relative paths are taken from the file's folder.</summary>
public static class SqliteConnectionPaths
{
    /// <summary>
    /// The connection string with its data source, given relative to <paramref name="baseDirectory"/>,
    /// rewritten relative to <paramref name="configDirectory"/> (absolute when it lies on another drive).
    /// </summary>
    public static string RelativeTo(string connectionString, string baseDirectory, string configDirectory)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqliteConnInvalid), ex.Message), ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqliteNoFile)));
        }

        var path = ConfigFile.Resolve(baseDirectory, builder.DataSource);
        var relative = Path.GetRelativePath(configDirectory, path);
        builder.DataSource = Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
        return builder.ToString();
    }
}
