using Microsoft.Data.Sqlite;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.SqlServer;

/// <summary>A real bundle in memory: a SQLite table written through the exporter's CSV writer and zipped as the exporter does.</summary>
internal static class BundleFromSqlite
{
    /// <param name="table">The table's schema; <paramref name="create"/> and <paramref name="fill"/> make and fill it in SQLite.</param>
    public static MemoryStream Write(TableSchema table, string create, Action<SqliteConnection> fill)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = create;
            command.ExecuteNonQuery();
        }

        fill(connection);
        var output = new MemoryStream();
        using (var writer = new BundleWriter(output, BundleCompression.Deflate))
        {
            long rows;
            long bytes;
            string sha;
            using (var entry = writer.OpenTable(table.Name))
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {table.Name} ORDER BY 1";
                using var source = select.ExecuteReader();
                rows = new TableCsvWriter(table, table.PrimaryKey).WriteAsync(source, entry.Content, CancellationToken.None).GetAwaiter().GetResult();
                bytes = entry.Content.BytesCounted;
                sha = entry.Content.FinishHash();
            }

            writer.WriteManifest(TestManifests.For("AG01", 1, new ManifestTable
            {
                Name = table.Name,
                Kind = TableKind.Reference,
                File = BundleEntries.TableFile(table.Name),
                Key = table.PrimaryKey,
                Columns = table.Columns.Select(ManifestColumn.From).ToList(),
                Rows = rows,
                Bytes = bytes,
                Sha256 = sha,
            }));
        }

        output.Position = 0;
        return output;
    }
}
