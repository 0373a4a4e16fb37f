using SyncFiles.Common.Providers;
using SyncFiles.MySql;
using SyncFiles.Postgres;
using SyncFiles.Sqlite;
using SyncFiles.SqlServer;

namespace SyncFiles.Providers;

/// <summary>
/// The databases this build speaks: the one list both programs look a configured provider up in,
/// and the one place a new database is registered (its project referenced in
/// SyncFiles.Providers.csproj, its <see cref="IDatabaseProvider"/> added to <see cref="All"/>;
/// docs/providers.md, "Adding a database").
/// </summary>
public static class DatabaseProviders
{
    /// <summary>Every provider, in the order help texts and drafts list them.</summary>
    public static IReadOnlyList<IDatabaseProvider> All { get; } =
    [
        new SqliteDatabaseProvider(),
        new PostgresDatabaseProvider(),
        new SqlServerDatabaseProvider(),
        new MySqlDatabaseProvider(),
    ];

    /// <summary>The provider configured as <paramref name="name"/> (its name or an alias, in any case), or null.</summary>
    public static IDatabaseProvider? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
            || p.Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The names configuration may use, for help texts and messages: "sqlite, postgres, sqlserver".</summary>
    public static string Names => string.Join(", ", All.Select(p => p.Name));
}
