using System.Reflection;
using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>The sample DDL scripts (samples/sqlite/*.sql), embedded in this assembly.</summary>
internal static class ShopSchema
{
    public const string ShopScript = "shop.sql";
    public const string CentralScript = "central.sql";

    public static async Task<string> ReadScriptAsync(string scriptName, CancellationToken cancellationToken)
    {
        var resourceName = "SyncFiles.Samples.sql." + scriptName;
        await using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Creates the shop tables and indexes (shop.sql) inside the given transaction.</summary>
    public static async Task CreateShopTablesAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = await ReadScriptAsync(ShopScript, cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
