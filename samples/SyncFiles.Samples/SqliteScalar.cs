using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>Runs a query that returns one value (SQL text only, no values in it).</summary>
internal static class SqliteScalar
{
    /// <summary>The first column of the first row, or default when there is no row or it is NULL.</summary>
    public static async Task<T?> QueryAsync<T>(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }
}
