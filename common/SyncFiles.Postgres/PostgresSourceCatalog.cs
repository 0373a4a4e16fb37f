using Npgsql;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Postgres;

/// <summary>Lists a PostgreSQL source's tables for <c>syncfiles-export init</c>, in a read-only transaction.</summary>
public sealed class PostgresSourceCatalog : ISourceCatalog
{
    /// <summary>Ordinary and partitioned tables of a schema (partitions are read through their parent), with the planner's row estimate.</summary>
    public const string TablesSql = """
        SELECT c.relname, c.reltuples::bigint
        FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname
        """;

    /// <summary>Columns the database numbers itself: identity, or a default drawn from a sequence (serial).</summary>
    public const string AutoNumberColumnsSql = """
        SELECT a.attname
        FROM pg_attribute AS a LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped
              AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%')
        """;

    public string Name => "postgres";

    public async Task<SourceCatalog> ReadAsync(string connectionString, string baseDirectory, string? schema, CancellationToken cancellationToken)
    {
        await using var connection = await PostgresConnections.OpenAsync(connectionString, "source", cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        string current;
        await using (var command = new NpgsqlCommand("SELECT current_schema()", connection, transaction))
        {
            current = await command.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcPostgresNoSchema)));
        }

        var listed = schema ?? current;
        var names = new List<(string Name, long Rows)>();
        await using (var command = new NpgsqlCommand(TablesSql, connection, transaction))
        {
            command.Parameters.AddWithValue("schema", listed);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var tables = new List<CatalogTable>();
        foreach (var (name, rows) in names)
        {
            // reltuples is -1 (or 0 before PostgreSQL 14) until the table was first vacuumed or analyzed.
            var estimate = rows > 0 ? rows : (long?)null;
            tables.Add(Identifier.IsValid(name) && Identifier.IsValid(listed)
                ? await ReadTableAsync(connection, transaction, listed, name, estimate, cancellationToken)
                : new CatalogTable(name, [], [], [], [], false, estimate, $"its name is not a plain name (letters, digits and '_', at most {Identifier.MaxLength} characters); export a view with such a name instead."));
        }

        return new SourceCatalog(listed, string.Equals(listed, current, StringComparison.Ordinal), tables);
    }

    /// <summary>Adds the schema as the search path when the exporter would not otherwise find its tables.</summary>
    public string ForConfiguration(string connectionString, string baseDirectory, string configDirectory, SourceCatalog catalog)
    {
        if (catalog.IsDefaultSchema)
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = catalog.Schema };
        return builder.ConnectionString;
    }

    private static async Task<CatalogTable> ReadTableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string table, long? rows, CancellationToken cancellationToken)
    {
        var regClass = PostgresIdentifier.Quote(schema) + "." + PostgresIdentifier.Quote(table);
        var autoNumbered = await ReadNamesAsync(connection, transaction, AutoNumberColumnsSql, regClass, cancellationToken);
        string? unusable = null;
        var columns = new List<CatalogColumn>();
        await using (var command = new NpgsqlCommand(PostgresCatalog.ColumnsSql, connection, transaction))
        {
            command.Parameters.AddWithValue("table", regClass);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var column = PostgresCatalog.ReadColumn(reader);
                // Every type travels: one with no portable equivalent as its own text (a string).
                var type = PostgresTypeMapper.ToColumn(column).Type;

                if (!Identifier.IsValid(column.Name))
                {
                    unusable ??= $"column '{column.Name}' is not a plain name (letters, digits and '_').";
                }

                columns.Add(new CatalogColumn(column.Name, column.DeclaredType, type, column.Nullable, IsAutoNumber: autoNumbered.Contains(column.Name)));
            }
        }

        var keys = new List<(bool Primary, string[] Columns)>();
        await using (var command = new NpgsqlCommand(PostgresCatalog.UniqueKeysSql, connection, transaction))
        {
            command.Parameters.AddWithValue("table", regClass);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetBoolean(0), reader.GetFieldValue<string[]>(1)));
            }
        }

        var leading = await ReadNamesAsync(connection, transaction, PostgresCatalog.IndexLeadingColumnsSql, regClass, cancellationToken);
        return new CatalogTable(
            table,
            columns,
            keys.FirstOrDefault(k => k.Primary).Columns ?? [],
            keys.Where(k => !k.Primary).Select(k => (IReadOnlyList<string>)k.Columns).ToList(),
            leading.Order(StringComparer.Ordinal).ToList(),
            ChangeTracking: false,
            rows,
            unusable);
    }

    private static async Task<HashSet<string>> ReadNamesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string regClass, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("table", regClass);
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
