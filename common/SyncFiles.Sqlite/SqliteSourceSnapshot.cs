using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

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
        var declared = new List<(string Name, string Type, bool NotNull, int Pk)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                declared.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt32(3)));
            }
        }

        if (declared.Count == 0)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcTableMissing), table));
        }

        // Every column is checked before the table is refused, so one message names all bad columns.
        var columns = ColumnMapping.MapEvery(declared, c =>
        {
            Identifier.Validate(c.Name, $"column of table {table}");

            // SQLite lets primary-key columns hold NULL unless declared NOT NULL; they never should.
            return SqliteTypeMapper.Map(table, c.Name, c.Type, nullable: !c.NotNull && c.Pk == 0);
        });
        var key = declared.Where(c => c.Pk > 0).Select(c => (Position: c.Pk, c.Name)).ToList();

        return new TableSchema(table, columns, key.OrderBy(k => k.Position).Select(k => k.Name).ToList());
    }

    public async Task<bool> IsIndexedAsync(TableSchema table, string column, CancellationToken cancellationToken)
    {
        // An INTEGER PRIMARY KEY is the rowid itself; any other index must start with the column.
        await using var command = CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM pragma_table_info($table) WHERE name = $column COLLATE NOCASE AND pk = 1 AND upper(type) = 'INTEGER'
                           AND (SELECT COUNT(*) FROM pragma_table_info($table) WHERE pk > 0) = 1)
                OR EXISTS (SELECT 1 FROM pragma_index_list($table) AS il JOIN pragma_index_info(il.name) AS ii
                           WHERE ii.seqno = 0 AND ii.name = $column COLLATE NOCASE AND il.partial = 0)
            """);
        command.Parameters.AddWithValue("$table", table.Name);
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0;
    }

    public async Task<object?> ReadUpperBoundAsync(TableSchema table, ColumnSchema? column, ChangeStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy is not (ChangeStrategy.Timestamp or ChangeStrategy.Sequence) || column is null)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcStrategySqlServerOnly), table.Name, strategy.ToString().ToLowerInvariant(), "SQLite"));
        }

        return await ReadMaxAsync(table, column, cancellationToken);
    }

    /// <summary>
    /// SQLite has no time zone: <c>datetime('now')</c> is UTC, and an application writes either that
    /// (<c>DEFAULT CURRENT_TIMESTAMP</c>) or the machine's local time. The clock is the later of the
    /// two when the column holds a value between them (the application writes the later one), else
    /// the earlier: a bound that runs late only exports some rows twice, one that runs early would
    /// miss rows. For a datetimeoffset column it is UTC.
    /// </summary>
    public async Task<object> ReadClockAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')");
        DateTime utc, local;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            utc = DateTime.ParseExact(reader.GetString(0), "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            local = DateTime.ParseExact(reader.GetString(1), "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        }

        if (column.Type == PortableType.DateTimeOffset)
        {
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        var (earliest, latest) = utc <= local ? (utc, local) : (local, utc);
        if (earliest == latest)
        {
            return utc;
        }

        var quoted = SqliteIdentifier.Quote(column.Name);
        await using var between = CreateCommand($"SELECT EXISTS (SELECT 1 FROM {SqliteIdentifier.Quote(table.Name)} WHERE {quoted} > $earliest AND {quoted} <= $latest)");
        between.Parameters.AddWithValue("$earliest", Bind(table, column, earliest));
        between.Parameters.AddWithValue("$latest", Bind(table, column, latest));
        return Convert.ToInt64(await between.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0 ? latest : earliest;
    }

    public Task<long?> ReadOldestValidBoundAsync(TableSchema table, ChangeStrategy strategy, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    // The rows are formatted by the exporter (TableCsvWriter).
    public Task<Stream?> TryReadRowsAsCsvAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange? range, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(null);

    public Task<DbDataReader?> ReadDeletedKeysAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange range, CancellationToken cancellationToken) =>
        Task.FromResult<DbDataReader?>(null);

    private async Task<object?> ReadMaxAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand($"SELECT MAX({Compared(column)}) FROM {SqliteIdentifier.Quote(table.Name)}");
        var raw = await command.ExecuteScalarAsync(cancellationToken);
        if (raw is null or DBNull)
        {
            return null;
        }

        switch (column.Type)
        {
            case PortableType.Int16 or PortableType.Int32 or PortableType.Int64:
                return Convert.ToInt64(raw, CultureInfo.InvariantCulture);
            case PortableType.DateTimeOffset when raw is string text
                && DateTime.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc):
                return new DateTimeOffset(utc, TimeSpan.Zero);
            case PortableType.DateTime when raw is string text && SqliteTimestampLayout.TryDetect(text, out var layout, out var value):
                _layouts[(table.Name, column.Name)] = layout;
                return value;
            case PortableType.DateTime:
                throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcSqliteChangeNotIso), table.Name, column.Name, raw));
            default:
                throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcSqliteChangeType), table.Name, column.Name, column.Type.ToString().ToLowerInvariant()));
        }
    }

    public async Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {string.Join(", ", table.Columns.Select(SelectExpression))} FROM {SqliteIdentifier.Quote(table.Name)}";
        var command = CreateCommand(sql);
        if (range is { Column: not null })
        {
            var column = Compared(range.Column);
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
            return new SqliteRowReader(await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken), table);
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

    /// <summary>
    /// NUMERIC affinity stores most decimals as REAL. Reading a REAL as decimal shows its binary
    /// approximation (-12345678901.2345 becomes -12345678901.234501), so REAL values of decimal
    /// columns are read as text with the 15 significant digits SQLite guarantees for them.
    /// </summary>
    private static string SelectExpression(ColumnSchema column)
    {
        var name = SqliteIdentifier.Quote(column.Name);
        return column.Type == PortableType.Decimal ? $"CASE typeof({name}) WHEN 'real' THEN printf('%.15g', {name}) ELSE {name} END AS {name}" : name;
    }

    // A datetimeoffset column holds ISO 8601 text with an offset; SQLite's strftime turns it into
    // UTC (to the millisecond), so values compare as instants whatever offset each was written with.
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fff";

    private static string Compared(ColumnSchema column) => column.Type == PortableType.DateTimeOffset
        ? $"strftime('%Y-%m-%dT%H:%M:%f', {SqliteIdentifier.Quote(column.Name)})"
        : SqliteIdentifier.Quote(column.Name);

    private object Bind(TableSchema table, ColumnSchema column, object value)
    {
        if (value is DateTimeOffset instant)
        {
            return instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);
        }

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
