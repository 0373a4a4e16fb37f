using Microsoft.Data.SqlClient;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.SqlServer;

/// <summary>Lists a SQL Server source's tables for <c>syncfiles-export init</c>: catalog views only, one query for each kind of entry.</summary>
public sealed class SqlServerSourceCatalog : ISourceCatalog
{
    public string Name => "sqlserver";

    public async Task<SourceCatalog> ReadAsync(string connectionString, string baseDirectory, string? schema, CancellationToken cancellationToken)
    {
        await using var connection = await SqlServerConnections.OpenAsync(connectionString, "source", cancellationToken);
        string listed;
        string current;
        await using (var command = Command(connection, SqlServerSql.CatalogSchemas, schema))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            listed = reader.GetString(0);
            current = reader.IsDBNull(1) ? "dbo" : reader.GetString(1);
        }

        var tables = new List<(int Id, string Name, bool ChangeTracking, long? Rows)>();
        await using (var command = Command(connection, SqlServerSql.CatalogTables, schema))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add((reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
            }
        }

        var columns = new Dictionary<int, List<SqlServerCatalogColumn>>();
        await using (var command = Command(connection, SqlServerSql.CatalogColumns, schema))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(10);
                if (!columns.TryGetValue(id, out var list))
                {
                    columns[id] = list = [];
                }

                list.Add(SqlServerCatalog.ReadColumn(reader));
            }
        }

        var indexes = new Dictionary<int, List<(bool Primary, bool Unique, bool Filtered, List<string> Columns)>>();
        await using (var command = Command(connection, SqlServerSql.CatalogIndexColumns, schema))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var lastIndex = -1;
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(0);
                if (!indexes.TryGetValue(id, out var list))
                {
                    indexes[id] = list = [];
                    lastIndex = -1;
                }

                var indexId = reader.GetInt32(1);
                if (indexId != lastIndex)
                {
                    list.Add((reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), []));
                    lastIndex = indexId;
                }

                list[^1].Columns.Add(reader.GetString(5));
            }
        }

        var result = tables.Select(t => Describe(t.Name, columns.GetValueOrDefault(t.Id) ?? [], indexes.GetValueOrDefault(t.Id) ?? [], t.ChangeTracking, t.Rows)).ToList();

        // Unqualified names resolve in the login's default schema, then in dbo.
        var isDefault = string.Equals(listed, current, StringComparison.OrdinalIgnoreCase) || string.Equals(listed, "dbo", StringComparison.OrdinalIgnoreCase);
        return new SourceCatalog(listed, isDefault, result);
    }

    /// <summary>Passed through: the exporter finds tables of the login's default schema and of dbo only, which init says in a comment.</summary>
    public string ForConfiguration(string connectionString, string baseDirectory, string configDirectory, SourceCatalog catalog) => connectionString;

    private static CatalogTable Describe(string table, List<SqlServerCatalogColumn> columns, List<(bool Primary, bool Unique, bool Filtered, List<string> Columns)> indexes, bool changeTracking, long? rows)
    {
        string? unusable = Identifier.IsValid(table)
            ? null
            : $"its name is not a plain name (letters, digits and '_', at most {Identifier.MaxLength} characters); export a view with such a name instead.";
        var described = new List<CatalogColumn>();
        foreach (var column in columns)
        {
            PortableType? type = null;
            try
            {
                type = SqlServerTypeMapper.Map(table, column).Type;
            }
            catch (SyncFilesException ex)
            {
                // The exporter would refuse the table for this column: the refusal becomes the table's note.
                unusable ??= ex.Message;
            }

            if (!Identifier.IsValid(column.Name))
            {
                unusable ??= $"column '{column.Name}' is not a plain name (letters, digits and '_').";
            }

            described.Add(new CatalogColumn(column.Name, column.DeclaredType, type, column.Nullable, column.IsRowversion, column.IsIdentity));
        }

        var primaryKey = indexes.FirstOrDefault(i => i.Primary).Columns ?? [];
        return new CatalogTable(
            table,
            described,
            primaryKey,
            indexes.Where(i => i.Unique && !i.Primary && !i.Filtered).Select(i => (IReadOnlyList<string>)i.Columns).ToList(),
            indexes.Where(i => !i.Filtered).Select(i => i.Columns[0]).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            changeTracking,
            rows,
            unusable);
    }

    private static SqlCommand Command(SqlConnection connection, string sql, string? schema)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // NULL: the login's default schema.
        SqlServerParameters.Add(command, SqlServerSql.SchemaParameter, System.Data.SqlDbType.NVarChar, schema, 128);
        return command;
    }
}
