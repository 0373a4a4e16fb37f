using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Text;
using SyncFiles.Providers;

namespace SyncFiles.Importer.Import;

/// <summary>The importer's view of <see cref="DatabaseProviders"/>: a configured name that is none of them is a configuration error.</summary>
public static class TargetProviders
{
    /// <summary>The database configured as <paramref name="name"/>.</summary>
    public static IDatabaseProvider GetDatabase(string name) =>
        DatabaseProviders.Find(name)
        ?? throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.UnknownTargetProvider), name, DatabaseProviders.Names));

    public static ITargetProvider Get(string name) => GetDatabase(name).Target;
}
