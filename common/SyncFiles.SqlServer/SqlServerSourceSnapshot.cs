using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.SqlServer;

/// <summary>One read transaction over a SQL Server source (snapshot isolation when the database allows it).</summary>
internal sealed class SqlServerSourceSnapshot : ISourceSnapshot
{
    private readonly SqlConnection _connection;
    private readonly SqlTransaction _transaction;
    private readonly long _rowversionBound;
    private readonly long? _changeTrackingVersion;

    // The catalog entries of each described table: the SQL needs the declared types (casts, bounds).
    private readonly Dictionary<string, IReadOnlyList<SqlServerCatalogColumn>> _catalog = new(StringComparer.OrdinalIgnoreCase);

    private SqlServerSourceSnapshot(SqlConnection connection, SqlTransaction transaction, long rowversionBound, long? changeTrackingVersion)
    {
        _connection = connection;
        _transaction = transaction;
        _rowversionBound = rowversionBound;
        _changeTrackingVersion = changeTrackingVersion;
    }

    /// <summary>Reads the database's own bounds as the transaction's first statement (see <see cref="SqlServerSql.SnapshotBounds"/>).</summary>
    public static async Task<SqlServerSourceSnapshot> StartAsync(SqlConnection connection, SqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, SqlServerSql.SnapshotBounds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var rowversion = reader.GetInt64(0);
        long? changeTracking = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        return new SqlServerSourceSnapshot(connection, transaction, rowversion, changeTracking);
    }

    public async Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        var columns = await ReadCatalogAsync(table, cancellationToken);
        // Every column is checked before the table is refused, so one message names all bad columns.
        var schema = ColumnMapping.MapEvery(columns, c => SqlServerTypeMapper.Map(table, c));
        var key = new List<string>();
        await using (var command = CreateCommand(SqlServerSql.PrimaryKey))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                key.Add(reader.GetString(0));
            }
        }

        return new TableSchema(table, schema, key);
    }

    public async Task<bool> IsIndexedAsync(TableSchema table, string column, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(SqlServerSql.IsIndexed);
        SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table.Name);
        SqlServerParameters.AddName(command, SqlServerSql.ColumnParameter, column);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<object?> ReadUpperBoundAsync(TableSchema table, ColumnSchema? column, ChangeStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy == ChangeStrategy.ChangeTracking)
        {
            if (_changeTrackingVersion is null)
            {
                throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqlServerCtOffDatabase), table.Name));
            }

            await ReadMinValidVersionAsync(table, cancellationToken);
            return _changeTrackingVersion;
        }

        if (column is null)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcNeedsChangeColumn), table.Name, Name(strategy)));
        }

        var declared = await FindCatalogColumnAsync(table, column.Name, cancellationToken);
        if (strategy == ChangeStrategy.Rowversion || declared.IsRowversion)
        {
            // A rowversion column is bounded by the database's rowversion whatever the strategy is
            // called: its MAX could include a value below which an open transaction still commits.
            if (!declared.IsRowversion)
            {
                throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqlServerRowversion), table.Name, column.Name, declared.DeclaredType));
            }

            return _rowversionBound;
        }

        await using var command = CreateCommand(SqlServerSql.Max(table.Name, column.Name));
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            null or DBNull => null,
            DateTime time => time,
            DateTimeOffset instant => instant.ToUniversalTime(),
            var number when number is byte or short or int or long => Convert.ToInt64(number, CultureInfo.InvariantCulture),
            var other => throw new SyncFilesException(
                CommonText.Get(nameof(CommonMessages.SrcSqlServerChangeType), table.Name, column.Name, declared.DeclaredType, other.GetType().Name)),
        };
    }

    public async Task<object> ReadClockAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        // SYSDATETIME() is what a datetime2 column defaulting to it holds: the server's local time.
        await using var command = CreateCommand(SqlServerSql.Clock);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        // Boxed apart: a conditional would turn the DateTime into a DateTimeOffset.
        if (column.Type == PortableType.DateTimeOffset)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        }

        return reader.GetDateTime(0);
    }

    public async Task<long?> ReadOldestValidBoundAsync(TableSchema table, ChangeStrategy strategy, CancellationToken cancellationToken) =>
        strategy == ChangeStrategy.ChangeTracking ? await ReadMinValidVersionAsync(table, cancellationToken) : null;

    public async Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken)
    {
        var columns = await CatalogColumnsAsync(table, table.Columns.Select(c => c.Name), cancellationToken);
        var command = CreateCommand(SqlServerSql.SelectRows(table.Name, columns));
        try
        {
            if (range is { Strategy: ChangeStrategy.ChangeTracking, From: not null })
            {
                command.CommandText = SqlServerSql.SelectChangedRows(table.Name, columns, RequirePrimaryKey(table));
                SqlServerParameters.Add(command, SqlServerSql.FromParameter, SqlDbType.BigInt, range.From);
                SqlServerParameters.Add(command, SqlServerSql.ToParameter, SqlDbType.BigInt, range.To);
            }
            else if (range is { Strategy: not ChangeStrategy.ChangeTracking })
            {
                // A change tracking range without a lower bound is a full export: every row, above.
                var column = range.Column ?? throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcNeedsChangeColumn), table.Name, Name(range.Strategy)));
                var declared = columns[table.IndexOf(column.Name)];
                var hasFrom = range.From is not null;
                if (declared.IsRowversion)
                {
                    command.CommandText = SqlServerSql.SelectRowsInRowversionRange(table.Name, columns, declared.Name, hasFrom, range.FromInclusive);
                    SqlServerParameters.Add(command, SqlServerSql.FromParameter, SqlDbType.BigInt, range.From);
                    SqlServerParameters.Add(command, SqlServerSql.ToParameter, SqlDbType.BigInt, range.To);
                }
                else
                {
                    command.CommandText = SqlServerSql.SelectRowsInRange(table.Name, columns, declared.Name, hasFrom, range.FromInclusive);
                    if (range.From is not null)
                    {
                        SqlServerParameters.AddBound(command, SqlServerSql.FromParameter, declared, range.From);
                    }

                    SqlServerParameters.AddBound(command, SqlServerSql.ToParameter, declared, range.To);
                }
            }

            return await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    // The rows are formatted by the exporter (TableCsvWriter).
    public Task<Stream?> TryReadRowsAsCsvAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange? range, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(null);

    public async Task<DbDataReader?> ReadDeletedKeysAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange range, CancellationToken cancellationToken)
    {
        if (range.Strategy != ChangeStrategy.ChangeTracking || range.From is null)
        {
            return null;
        }

        var primaryKey = RequirePrimaryKey(table);
        if (key.Count != primaryKey.Count || !key.All(k => primaryKey.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ConfigurationException(
                CommonText.Get(nameof(CommonMessages.SrcSqlServerCtKey), table.Name, string.Join(", ", primaryKey), string.Join(", ", key)));
        }

        var keyColumns = await CatalogColumnsAsync(table, key, cancellationToken);
        var command = CreateCommand(SqlServerSql.SelectDeletedKeys(table.Name, keyColumns));
        try
        {
            SqlServerParameters.Add(command, SqlServerSql.FromParameter, SqlDbType.BigInt, range.From);
            SqlServerParameters.Add(command, SqlServerSql.ToParameter, SqlDbType.BigInt, range.To);
            return await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing was written: ending the read transaction is a rollback.
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task<IReadOnlyList<SqlServerCatalogColumn>> ReadCatalogAsync(string table, CancellationToken cancellationToken)
    {
        Identifier.Validate(table, "table");
        var columns = new List<SqlServerCatalogColumn>();
        await using (var command = CreateCommand(SqlServerSql.DescribeColumns(includeViews: true)))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var column = SqlServerCatalog.ReadColumn(reader);
                Identifier.Validate(column.Name, $"column of table {table}");
                columns.Add(column);
            }
        }

        if (columns.Count == 0)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqlServerTableMissing), table));
        }

        _catalog[table] = columns;
        return columns;
    }

    /// <summary>The catalog entries of the named columns, in the order given.</summary>
    private async Task<IReadOnlyList<SqlServerCatalogColumn>> CatalogColumnsAsync(TableSchema table, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var catalog = _catalog.TryGetValue(table.Name, out var known) ? known : await ReadCatalogAsync(table.Name, cancellationToken);
        return names.Select(n => catalog.FirstOrDefault(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase))
            ?? throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcSqlServerNoColumn), table.Name, n))).ToList();
    }

    private async Task<SqlServerCatalogColumn> FindCatalogColumnAsync(TableSchema table, string name, CancellationToken cancellationToken) =>
        (await CatalogColumnsAsync(table, [name], cancellationToken))[0];

    private async Task<long> ReadMinValidVersionAsync(TableSchema table, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(SqlServerSql.ChangeTrackingMinValidVersion);
        SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table.Name);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            long version => version,
            _ => throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqlServerCtOffTable), table.Name)),
        };
    }

    private static IReadOnlyList<string> RequirePrimaryKey(TableSchema table) => table.PrimaryKey.Count > 0
        ? table.PrimaryKey
        : throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcSqlServerCtNoKey), table.Name));

    private static string Name(ChangeStrategy strategy) => strategy.ToString().ToLowerInvariant();

    private SqlCommand CreateCommand(string sql) => CreateCommand(_connection, _transaction, sql);

    private static SqlCommand CreateCommand(SqlConnection connection, SqlTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        // Long exports: a read may take as long as the table needs; cancellation stops it.
        command.CommandTimeout = 0;
        return command;
    }
}
