using System.Data;
using System.Data.Common;
using MySqlConnector;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;
using SyncFiles.MySql.Text;

namespace SyncFiles.MySql;

/// <summary>One REPEATABLE READ, READ ONLY transaction with a consistent snapshot over a MariaDB or MySQL source.</summary>
internal sealed class MySqlSourceSnapshot : ISourceSnapshot
{
    private readonly MySqlConnection _connection;
    private readonly DateTime _localClock;
    private readonly DateTime _utcClock;

    // Configured name -> the catalog's own spelling (table names are case-sensitive on Linux servers):
    // bundles keep the configured name, SQL quotes the catalog's.
    private readonly Dictionary<string, string> _spelling = new(StringComparer.Ordinal);

    public MySqlSourceSnapshot(MySqlConnection connection, DateTime localClock, DateTime utcClock)
    {
        _connection = connection;
        _localClock = localClock;
        _utcClock = utcClock;
    }

    public async Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        var found = await MySqlCatalog.ResolveAsync(_connection, table, cancellationToken);
        if (found.Count > 1)
        {
            throw new ConfigurationException(MySqlText.Get(nameof(MySqlMessages.SrcTablesByCase), table, string.Join(", ", found), _connection.Database));
        }

        var columns = found.Count == 0 ? [] : await MySqlCatalog.ReadColumnsAsync(_connection, found[0], cancellationToken);
        if (columns.Count == 0)
        {
            throw new ConfigurationException(MySqlText.Get(nameof(MySqlMessages.SrcTableMissing), table, _connection.Database));
        }

        _spelling[table] = found[0];
        var keys = await MySqlCatalog.ReadUniqueKeysAsync(_connection, found[0], cancellationToken);
        var primaryKey = keys.FirstOrDefault(k => k.Primary).Columns ?? [];
        // Every column is checked before the table is refused, so one message names all bad columns.
        return new TableSchema(table, ColumnMapping.MapEvery(columns, c => MySqlTypeMapper.ToColumn(table, c)), primaryKey);
    }

    public async Task<bool> IsIndexedAsync(TableSchema table, string column, CancellationToken cancellationToken)
    {
        var leading = await MySqlCatalog.ReadNamesAsync(_connection, MySqlCatalog.IndexLeadingColumnsSql, Spelling(table.Name), cancellationToken);
        return leading.Contains(column, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<object?> ReadUpperBoundAsync(TableSchema table, ColumnSchema? column, ChangeStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy is not (ChangeStrategy.Timestamp or ChangeStrategy.Sequence) || column is null)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcStrategySqlServerOnly), table.Name, strategy.ToString().ToLowerInvariant(), "MariaDB/MySQL"));
        }

        await using var command = new MySqlCommand(MySqlSql.Max(Spelling(table.Name), column.Name), _connection);
        object? value;
        try
        {
            value = await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidCastException or MySqlConversionException)
        {
            throw new SyncFilesException(MySqlText.Get(nameof(MySqlMessages.SrcZeroDateBound), table.Name, column.Name), ex);
        }

        return value switch
        {
            null or DBNull => null,
            DateTime time when column.Type == PortableType.DateTimeOffset => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), TimeSpan.Zero),
            DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
            sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            ulong number when number <= long.MaxValue => (long)number,
            _ => throw new SyncFilesException(MySqlText.Get(nameof(MySqlMessages.SrcChangeType), table.Name, column.Name)),
        };
    }

    public Task<object> ReadClockAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        // Both read right after the snapshot was taken (MySqlSourceProvider). Boxed apart: a
        // conditional would turn the DateTime into a DateTimeOffset.
        if (column.Type == PortableType.DateTimeOffset)
        {
            return Task.FromResult<object>(new DateTimeOffset(DateTime.SpecifyKind(_utcClock, DateTimeKind.Unspecified), TimeSpan.Zero));
        }

        return Task.FromResult<object>(DateTime.SpecifyKind(_localClock, DateTimeKind.Unspecified));
    }

    public Task<long?> ReadOldestValidBoundAsync(TableSchema table, ChangeStrategy strategy, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    public async Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken)
    {
        var command = new MySqlCommand(MySqlSql.SelectRows(Spelling(table.Name), table.Columns, range), _connection);
        if (range is not null)
        {
            command.Parameters.AddWithValue("@to", Bound(range.To));
            if (range.From is not null)
            {
                command.Parameters.AddWithValue("@from", Bound(range.From));
            }
        }

        try
        {
            return new MySqlRowReader(await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken), table);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    /// <summary>The exporter formats every value itself: MariaDB has no CSV output to a client.</summary>
    public Task<Stream?> TryReadRowsAsCsvAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange? range, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(null);

    public Task<DbDataReader?> ReadDeletedKeysAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange range, CancellationToken cancellationToken) =>
        Task.FromResult<DbDataReader?>(null);

    public async ValueTask DisposeAsync()
    {
        // Read only: ending the connection ends the transaction; nothing to keep or undo.
        await _connection.DisposeAsync();
    }

    private string Spelling(string table) => _spelling.TryGetValue(table, out var spelled) ? spelled : table;

    // A TIMESTAMP bound is an instant: the session reads and compares TIMESTAMPs in UTC.
    private static object Bound(object value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
        DateTimeOffset instant => DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified),
        _ => value,
    };
}
