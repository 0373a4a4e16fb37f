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
    // Each database by the names configuration may give it, its provider made on first use: a run
    // loads the assembly of the one database it speaks, not all four (docs/performance.md, "Start-up
    // before the connection"). The names are the providers' own Name and Aliases (DatabaseProvidersTests).
    private static readonly Registration[] Registered =
    [
        new("sqlite", [], () => new SqliteDatabaseProvider()),
        new("postgres", [], () => new PostgresDatabaseProvider()),
        new("sqlserver", [], () => new SqlServerDatabaseProvider()),
        new("mysql", ["mariadb"], () => new MySqlDatabaseProvider()),
    ];

    /// <summary>Every provider, in the order help texts and drafts list them.</summary>
    public static IReadOnlyList<IDatabaseProvider> All => [.. Registered.Select(r => r.Provider)];

    /// <summary>The provider configured as <paramref name="name"/> (its name or an alias, in any case), or null.</summary>
    public static IDatabaseProvider? Find(string name) =>
        Registered.FirstOrDefault(r => r.Answers(name))?.Provider;

    /// <summary>The names configuration may use, for help texts and messages: "sqlite, postgres, sqlserver".</summary>
    public static string Names => string.Join(", ", Registered.Select(r => r.Name));

    private sealed class Registration(string name, IReadOnlyList<string> aliases, Func<IDatabaseProvider> create)
    {
        private readonly Lazy<IDatabaseProvider> _provider = new(create);

        public string Name { get; } = name;

        public IReadOnlyList<string> Aliases { get; } = aliases;

        public IDatabaseProvider Provider => _provider.Value;

        public bool Answers(string name) =>
            string.Equals(Name, name, StringComparison.OrdinalIgnoreCase)
            || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
    }
}
