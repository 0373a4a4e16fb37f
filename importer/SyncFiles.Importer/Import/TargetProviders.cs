using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Text;
using SyncFiles.MySql;
using SyncFiles.Postgres;
using SyncFiles.Sqlite;
using SyncFiles.SqlServer;

namespace SyncFiles.Importer.Import;

/// <summary>The target providers this build knows, by configuration name.</summary>
public static class TargetProviders
{
    private static readonly ITargetProvider[] All = [new SqliteTargetProvider(), new PostgresTargetProvider(), new SqlServerTargetProvider(), new MySqlTargetProvider()];

    public static ITargetProvider Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.UnknownTargetProvider), name, string.Join(", ", All.Select(p => p.Name))));
}
