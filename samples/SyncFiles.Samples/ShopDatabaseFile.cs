using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>Opens shop database files, set up for bulk writing (WAL, synchronous=NORMAL).</summary>
internal static class ShopDatabaseFile
{
    private static readonly string[] Suffixes = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates a new, empty database file; an existing one is replaced only when <paramref name="force"/> is set.</summary>
    public static async Task<SqliteConnection> CreateNewAsync(string path, bool force, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            if (!force)
            {
                throw new UsageException($"'{path}' already exists; pass --force to replace it.");
            }

            Delete(path);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UsageException($"folder '{folder}' does not exist.");
        }

        return await OpenAsync(path, SqliteOpenMode.ReadWriteCreate, cancellationToken);
    }

    public static async Task<SqliteConnection> OpenExistingAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"'{path}' does not exist; create it with 'generate' first.");
        }

        return await OpenAsync(path, SqliteOpenMode.ReadWrite, cancellationToken);
    }

    /// <summary>Deletes the database file and its WAL, shared-memory and journal files.</summary>
    public static void Delete(string path)
    {
        foreach (var suffix in Suffixes)
        {
            File.Delete(path + suffix);
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken cancellationToken)
    {
        // No pooling: closing the connection releases the file (it may be deleted right after).
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false };
        var connection = new SqliteConnection(connectionString.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
