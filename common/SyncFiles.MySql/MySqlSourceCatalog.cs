using MySqlConnector;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.MySql;

/// <summary>
/// Lists a MariaDB or MySQL source's tables for <c>syncfiles-export init</c>: the connection
/// string's database (MariaDB's "schema" is a database), read in a read-only snapshot.
/// </summary>
public sealed class MySqlSourceCatalog : ISourceCatalog
{
    public string Name => "mysql";

    public async Task<SourceCatalog> ReadAsync(string connectionString, string baseDirectory, string? schema, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (schema is not null)
        {
            // Another database of the same server: the configuration will name it (ForConfiguration).
            builder.Database = schema;
        }

        await using var connection = await MySqlConnections.OpenAsync(builder.ConnectionString, "source", cancellationToken);
        await MySqlConnections.BeginSnapshotAsync(connection, cancellationToken);

        var tables = new List<CatalogTable>();
        foreach (var (name, isView, rows) in await MySqlCatalog.ReadTablesAsync(connection, cancellationToken))
        {
            if (isView)
            {
                continue;
            }

            tables.Add(Identifier.IsValid(name)
                ? await ReadTableAsync(connection, name, rows, cancellationToken)
                : new CatalogTable(name, [], [], [], [], false, rows, $"its name is not a plain name (letters, digits and '_', at most {Identifier.MaxLength} characters); export a view with such a name instead."));
        }

        return new SourceCatalog(connection.Database, IsDefaultSchema: true, tables);
    }

    /// <summary>The database listed is the connection string's own once <see cref="ReadAsync"/> names it there.</summary>
    public string ForConfiguration(string connectionString, string baseDirectory, string configDirectory, SourceCatalog catalog)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (string.Equals(builder.Database, catalog.Schema, StringComparison.Ordinal))
        {
            return connectionString;
        }

        builder.Database = catalog.Schema;
        return builder.ConnectionString;
    }

    private static async Task<CatalogTable> ReadTableAsync(MySqlConnection connection, string table, long? rows, CancellationToken cancellationToken)
    {
        string? unusable = null;
        var columns = new List<CatalogColumn>();
        foreach (var column in await MySqlCatalog.ReadColumnsAsync(connection, table, cancellationToken))
        {
            PortableType? type = null;
            try
            {
                type = MySqlTypeMapper.ToColumn(table, column).Type;
            }
            catch (SyncFilesException ex)
            {
                unusable ??= ex.Message;
            }

            columns.Add(new CatalogColumn(column.Name, column.ColumnType, type, column.Nullable, IsAutoNumber: column.IsAutoNumber));
        }

        var keys = await MySqlCatalog.ReadUniqueKeysAsync(connection, table, cancellationToken);
        var leading = await MySqlCatalog.ReadNamesAsync(connection, MySqlCatalog.IndexLeadingColumnsSql, table, cancellationToken);
        return new CatalogTable(
            table,
            columns,
            keys.FirstOrDefault(k => k.Primary).Columns ?? [],
            keys.Where(k => !k.Primary).Select(k => (IReadOnlyList<string>)k.Columns).ToList(),
            leading.Order(StringComparer.Ordinal).ToList(),
            ChangeTracking: false,
            // InnoDB's TABLE_ROWS is an estimate, as the other engines' are.
            rows,
            unusable);
    }
}
