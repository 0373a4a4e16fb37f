using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Exporter.Text;
using SyncFiles.Providers;

namespace SyncFiles.Exporter.Export;

/// <summary>The exporter's view of <see cref="DatabaseProviders"/>: a configured name that is none of them is a configuration error.</summary>
public static class SourceProviders
{
    /// <summary>The database configured as <paramref name="name"/>.</summary>
    public static IDatabaseProvider GetDatabase(string name) =>
        DatabaseProviders.Find(name)
        ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.UnknownSourceProvider), name, DatabaseProviders.Names));

    public static ISourceProvider Get(string name) => GetDatabase(name).Source;

    /// <summary>The catalog reader <c>init</c> lists a source's tables with.</summary>
    public static ISourceCatalog GetCatalog(string name) => GetDatabase(name).Catalog;
}
