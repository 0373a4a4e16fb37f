using System.Globalization;
using Microsoft.Data.Sqlite;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Sqlite;

/// <summary>Lists a SQLite shop database's tables for <c>syncfiles-export init</c>, on a read-only connection.</summary>
public sealed class SqliteSourceCatalog : ISourceCatalog
{
    public const string TablesSql =
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";

    public const string ColumnsSql = "SELECT name, type, \"notnull\", pk FROM pragma_table_info($table) ORDER BY cid";

    /// <summary>Every column of every unfiltered index: index name, unique, origin (pk, u, c), position, column (NULL for an expression).</summary>
    public const string IndexColumnsSql = """
        SELECT il.name, il."unique", il.origin, ii.seqno, ii.name
        FROM pragma_index_list($table) AS il JOIN pragma_index_info(il.name) AS ii
        WHERE il.partial = 0
        ORDER BY il.seq, il.name, ii.seqno
        """;

    public string Name => "sqlite";

    public async Task<SourceCatalog> ReadAsync(string connectionString, string baseDirectory, string? schema, CancellationToken cancellationToken)
    {
        if (schema is not null && !string.Equals(schema, "main", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqliteSchema), schema));
        }

        await using var connection = await SqliteConnections.OpenExistingAsync(connectionString, baseDirectory, readOnly: true, "source", cancellationToken);
        var names = new List<string>();
        await using (var command = Command(connection, TablesSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new List<CatalogTable>();
        foreach (var name in names)
        {
            tables.Add(await ReadTableAsync(connection, name, cancellationToken));
        }

        return new SourceCatalog("main", IsDefaultSchema: true, tables);
    }

    /// <summary>The data source as a path relative to the configuration's folder (absolute when it lies on another drive).</summary>
    public string ForConfiguration(string connectionString, string baseDirectory, string configDirectory, SourceCatalog catalog) =>
        SqliteConnectionPaths.RelativeTo(connectionString, baseDirectory, configDirectory);

    private static async Task<CatalogTable> ReadTableAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        var columns = new List<CatalogColumn>();
        var key = new List<(int Position, string Name)>();
        string? unusable = Identifier.IsValid(table) ? null : NameProblem(table);
        await using (var command = Command(connection, ColumnsSql))
        {
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                var declared = reader.GetString(1);
                var pk = reader.GetInt32(3);
                PortableType? type = null;
                try
                {
                    type = SqliteTypeMapper.Map(table, name, declared, nullable: true).Type;
                }
                catch (SyncFilesException ex)
                {
                    // The exporter would refuse the table for this column: the refusal becomes the table's note.
                    unusable ??= ex.Message;
                }

                if (!Identifier.IsValid(name))
                {
                    unusable ??= $"column '{name}' is not a plain name (letters, digits and '_').";
                }

                columns.Add(new CatalogColumn(name, declared, type, reader.GetInt64(2) == 0 && pk == 0));
                if (pk > 0)
                {
                    key.Add((pk, name));
                }
            }
        }

        var primaryKey = key.OrderBy(k => k.Position).Select(k => k.Name).ToList();

        // INTEGER PRIMARY KEY is the rowid: SQLite numbers new rows with it, and it is the table's own index.
        if (primaryKey.Count == 1 && string.Equals(columns.First(c => c.Name == primaryKey[0]).DeclaredType, "INTEGER", StringComparison.OrdinalIgnoreCase))
        {
            var index = columns.FindIndex(c => c.Name == primaryKey[0]);
            columns[index] = columns[index] with { IsAutoNumber = true };
        }

        var (uniqueKeys, leading) = await ReadIndexesAsync(connection, table, primaryKey, cancellationToken);
        if (primaryKey.Count > 0 && !leading.Contains(primaryKey[0], StringComparer.OrdinalIgnoreCase))
        {
            leading.Add(primaryKey[0]);
        }

        return new CatalogTable(table, columns, primaryKey, uniqueKeys, leading, ChangeTracking: false, await CountAsync(connection, table, cancellationToken), unusable);
    }

    private static async Task<(List<IReadOnlyList<string>> Unique, List<string> Leading)> ReadIndexesAsync(
        SqliteConnection connection, string table, IReadOnlyList<string> primaryKey, CancellationToken cancellationToken)
    {
        var indexes = new List<(string Name, bool Unique, string Origin, List<string?> Columns)>();
        await using (var command = Command(connection, IndexColumnsSql))
        {
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (indexes.Count == 0 || indexes[^1].Name != name)
                {
                    indexes.Add((name, reader.GetInt64(1) != 0, reader.GetString(2), []));
                }

                indexes[^1].Columns.Add(reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }

        var unique = indexes
            .Where(i => i.Unique && i.Origin != "pk" && i.Columns.All(c => c is not null))
            .Select(i => (IReadOnlyList<string>)i.Columns.Select(c => c!).ToList())
            .Where(k => !k.SequenceEqual(primaryKey, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var leading = indexes.Where(i => i.Columns[0] is not null).Select(i => i.Columns[0]!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return (unique, leading);
    }

    /// <summary>SQLite keeps no row count: counting walks the smallest index, once, at init.</summary>
    private static async Task<long?> CountAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        if (!Identifier.IsValid(table))
        {
            return null;
        }

        await using var command = Command(connection, $"SELECT COUNT(*) FROM {SqliteIdentifier.Quote(table)}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string NameProblem(string table) =>
        $"its name is not a plain name (letters, digits and '_', at most {Identifier.MaxLength} characters); export a view with such a name instead.";

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
