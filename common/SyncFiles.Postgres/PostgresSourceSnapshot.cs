using System.Data;
using System.Data.Common;
using Npgsql;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>One REPEATABLE READ, READ ONLY transaction over a PostgreSQL source.</summary>
internal sealed class PostgresSourceSnapshot : ISourceSnapshot
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    public PostgresSourceSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public async Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        var columns = await PostgresCatalog.ReadColumnsAsync(_connection, table, cancellationToken);
        if (columns.Count == 0)
        {
            throw new ConfigurationException($"Table {table} does not exist in the source database (schema {await CurrentSchemaAsync(cancellationToken)}).");
        }

        var keys = await PostgresCatalog.ReadUniqueKeysAsync(_connection, table, cancellationToken);
        var primaryKey = keys.FirstOrDefault(k => k.Primary).Columns ?? [];
        // Every column is checked before the table is refused, so one message names all bad columns.
        return new TableSchema(table, ColumnMapping.MapEvery(columns, c => PostgresTypeMapper.ToColumn(table, c)), primaryKey);
    }

    public Task<bool> IsIndexedAsync(TableSchema table, string column, CancellationToken cancellationToken) =>
        PostgresCatalog.IsIndexedAsync(_connection, table.Name, column, cancellationToken);

    public async Task<object?> ReadUpperBoundAsync(TableSchema table, ColumnSchema? column, ChangeStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy is not (ChangeStrategy.Timestamp or ChangeStrategy.Sequence) || column is null)
        {
            throw new ConfigurationException($"Table {table.Name}: strategy {strategy.ToString().ToLowerInvariant()} is a SQL Server feature; on PostgreSQL use timestamp or sequence.");
        }

        await using var command = new NpgsqlCommand(PostgresSql.Max(table.Name, column.Name), _connection, _transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value switch
        {
            null or DBNull => null,
            DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
            short or int or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new SyncFilesException($"Table {table.Name}, column {column.Name}: a change column must be a timestamp or an integer."),
        };
    }

    public Task<long?> ReadOldestValidBoundAsync(TableSchema table, ChangeStrategy strategy, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    public async Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(PostgresSql.SelectRows(table.Name, table.Columns.Select(c => c.Name), range), _connection, _transaction);
        if (range is not null)
        {
            command.Parameters.AddWithValue("to", Bound(range.To));
            if (range.From is not null)
            {
                command.Parameters.AddWithValue("from", Bound(range.From));
            }
        }

        try
        {
            return await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    public async Task<Stream?> TryReadRowsAsCsvAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange? range, CancellationToken cancellationToken)
    {
        // Without UTF8 on the server (SQL_ASCII) text reaches us unconverted: only the reader path,
        // which decodes every value, may see it.
        if (!PostgresCsvCopy.CanFormat(table, range)
            || !_connection.PostgresParameters.TryGetValue("server_encoding", out var encoding) || encoding != "UTF8")
        {
            return null;
        }

        if (range?.Column is not null)
        {
            await using var bind = new NpgsqlCommand(PostgresCsvCopy.BindRange, _connection, _transaction);
            bind.Parameters.AddWithValue("to", Bound(range.To));
            bind.Parameters.Add(new NpgsqlParameter("from", range.From is null ? DBNull.Value : Bound(range.From)));
            await bind.ExecuteNonQueryAsync(cancellationToken);
        }

        var export = await _connection.BeginTextExportAsync(PostgresCsvCopy.Statement(table, key, range), cancellationToken);
        return new PostgresCsvStream(export, new PostgresCsvFinisher(table));
    }

    public Task<DbDataReader?> ReadDeletedKeysAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange range, CancellationToken cancellationToken) =>
        Task.FromResult<DbDataReader?>(null);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    // Unspecified kind binds as "timestamp without time zone", the type of a timestamp change column.
    private static object Bound(object value) => value is DateTime time ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified) : value;

    private async Task<string> CurrentSchemaAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_schema()", _connection, _transaction);
        return (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "(none)";
    }
}
