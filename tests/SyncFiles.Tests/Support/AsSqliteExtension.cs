namespace SyncFiles.Tests.Support;

/// <summary>
/// The SQLite file behind a <see cref="TestDatabase"/>, for the tests that look at the file itself
/// (delete it, hash it, open it with sqlite3) while <see cref="SyncFixture"/> stays provider-neutral.
/// </summary>
public static class AsSqliteExtension
{
    /// <summary>This database as the SQLite file it is; a test run on another engine fails here, saying so.</summary>
    public static SqliteTestDatabase AsSqlite(this TestDatabase database) =>
        database as SqliteTestDatabase
            ?? throw new InvalidOperationException($"This test reads a SQLite file, but its database is {database.Provider}.");
}
