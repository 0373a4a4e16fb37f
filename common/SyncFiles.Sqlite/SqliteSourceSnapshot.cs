using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Sqlite;

/// <summary>One read transaction over a SQLite source.</summary>
internal sealed class SqliteSourceSnapshot : ISourceSnapshot
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    // SQLite keeps date-times as text; comparisons are textual, so range bounds must be written in
    // the same layout as the stored values ('T' or ' ' between date and time, same fraction digits).
    private readonly Dictionary<(string Table, string Column), SqliteTimestampLayout> _layouts = [];

    public SqliteSourceSnapshot(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public async Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        Identifier.Validate(table, "table");
        await using var command = CreateCommand("SELECT name, type, \"notnull\", pk FROM pragma_table_info($table) ORDER BY cid");
        command.Parameters.AddWithValue("$table", table);
        var columns = new List<ColumnSchema>();
        var key = new List<(int Position, string Name)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                Identifier.Validate(name, $"column of table {table}");
                var pk = reader.GetInt32(3);
                // SQLite lets primary-key columns hold NULL unless declared NOT NULL; they never should.
                columns.Add(SqliteTypeMapper.Map(table, name, reader.GetString(1), nullable: reader.GetInt64(2) == 0 && pk == 0));
                if (pk > 0)
                {
                    key.Add((pk, name));
                }
            }
        }

        if (columns.Count == 0)
        {
            throw new SyncFilesException($"Table {table} does not exist in the source database.");
        }

        return new TableSchema(table, columns, key.OrderBy(k => k.Position).Select(k => k.Name).ToList());
    }

    public async Task<object?> ReadMaxAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand($"SELECT MAX({SqliteIdentifier.Quote(column.Name)}) FROM {SqliteIdentifier.Quote(table.Name)}");
        var raw = await command.ExecuteScalarAsync(cancellationToken);
        if (raw is null or DBNull)
        {
            return null;
        }

        switch (column.Type)
        {
            case PortableType.Int16 or PortableType.Int32 or PortableType.Int64:
                return Convert.ToInt64(raw, CultureInfo.InvariantCulture);
            case PortableType.DateTime when raw is string text && SqliteTimestampLayout.TryDetect(text, out var layout, out var value):
                _layouts[(table.Name, column.Name)] = layout;
                return value;
            case PortableType.DateTime:
                throw new SyncFilesException(
                    $"Table {table.Name}, column {column.Name}: the largest value '{raw}' is not ISO 8601 text (yyyy-MM-dd HH:mm:ss[.fff]); SyncFiles compares SQLite change columns as text.");
            default:
                throw new SyncFilesException($"Table {table.Name}, column {column.Name}: a change column must be a date-time or an integer, not {column.Type.ToString().ToLowerInvariant()}.");
        }
    }

    public async Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {SqliteIdentifier.QuoteList(table.Columns.Select(c => c.Name))} FROM {SqliteIdentifier.Quote(table.Name)}";
        var command = CreateCommand(sql);
        if (range is not null)
        {
            var column = SqliteIdentifier.Quote(range.Column.Name);
            var where = $"{column} <= $to";
            command.Parameters.AddWithValue("$to", Bind(table, range.Column, range.To));
            if (range.From is not null)
            {
                where = $"{column} {(range.FromInclusive ? ">=" : ">")} $from AND " + where;
                command.Parameters.AddWithValue("$from", Bind(table, range.Column, range.From));
            }

            command.CommandText += " WHERE " + where;
        }

        try
        {
            return await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private object Bind(TableSchema table, ColumnSchema column, object value)
    {
        if (value is DateTime dateTime)
        {
            var layout = _layouts.GetValueOrDefault((table.Name, column.Name), SqliteTimestampLayout.Default);
            return layout.Format(dateTime);
        }

        return value;
    }

    private SqliteCommand CreateCommand(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
