using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Exporter.Text;
using SyncFiles.MySql;
using SyncFiles.Postgres;
using SyncFiles.Sqlite;
using SyncFiles.SqlServer;

namespace SyncFiles.Exporter.Export;

/// <summary>The source providers this build knows, by configuration name.</summary>
public static class SourceProviders
{
    private static readonly ISourceProvider[] All = [new SqliteSourceProvider(), new PostgresSourceProvider(), new SqlServerSourceProvider(), new MySqlSourceProvider()];

    private static readonly ISourceCatalog[] Catalogs = [new SqliteSourceCatalog(), new PostgresSourceCatalog(), new SqlServerSourceCatalog(), new MySqlSourceCatalog()];

    public static ISourceProvider Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.UnknownSourceProvider), name, string.Join(", ", All.Select(p => p.Name))));

    /// <summary>The catalog reader <c>init</c> lists a source's tables with.</summary>
    public static ISourceCatalog GetCatalog(string name) =>
        Catalogs.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.UnknownSourceProvider), name, string.Join(", ", Catalogs.Select(c => c.Name))));
}
