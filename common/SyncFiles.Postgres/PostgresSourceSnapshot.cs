using System.Data;
using System.Data.Common;
using Npgsql;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Postgres;

/// <summary>One REPEATABLE READ, READ ONLY transaction over a PostgreSQL source.</summary>
internal sealed class PostgresSourceSnapshot : ISourceSnapshot
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    // Configured name -> the catalog's own spelling ("album" configured, "Album" created quoted):
    // bundles keep the configured name, SQL quotes the catalog's.
    private readonly Dictionary<string, PostgresCatalog.Relation> _relations = new(StringComparer.Ordinal);

    // Configured name -> the leading column of each unfiltered index, read with the table's description.
    private readonly Dictionary<string, HashSet<string>> _indexed = new(StringComparer.Ordinal);

    // The clock as of the transaction's start, the same for every table: read once per snapshot.
    private (DateTime Local, DateTime Instant)? _clock;

    // Configured name -> what the catalog said of it, read ahead for all tables in one round trip.
    private readonly Dictionary<string, PostgresCatalog.SourceTable> _prepared = new(StringComparer.Ordinal);

    // Whether Settings still have to go before the first statement.
    private bool _settingsPending = true;

    /// <summary>
    /// The transaction's settings, sent before any other statement of it: with the first table's
    /// description, in the same round trip, or on their own before any other first statement.
    /// DateStyle fixes the text forms PostgresCsvCopy builds on, whatever the server's or the role's
    /// default; the data reader reads binary and is not affected. The other settings fix the text
    /// of a column carried as PostgreSQL's own text (an interval, a real[], a bytea[]) at
    /// PostgreSQL's defaults, which every PostgreSQL target reads back.
    /// </summary>
    public const string Settings =
        "SET TRANSACTION READ ONLY; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'";

    /// <param name="connection">The open connection, owned from now on.</param>
    /// <param name="transaction">Its REPEATABLE READ transaction, begun but not yet sent (no statement ran in it).</param>
    public PostgresSourceSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public async Task<TableSchema> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        // Read ahead with the other tables (PrepareDescriptionsAsync), or now in a round trip of its own.
        var described = await DescribeAsync(table, cancellationToken);
        var found = described.Relations;
        if (found.Count > 1)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcPostgresTablesByCase), table, JoinedWithAnd(found.Select(r => r.Name)), found[0].Schema));
        }

        var columns = described.Columns;
        if (found.Count == 0 || columns.Count == 0)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcPostgresTableMissing), table, await CurrentSchemaAsync(cancellationToken)));
        }

        _relations[table] = found[0];
        _indexed[table] = described.IndexLeadingColumns;
        var primaryKey = described.Keys.FirstOrDefault(k => k.Primary).Columns ?? [];
        // Every column is checked before the table is refused, so one message names all bad columns.
        return new TableSchema(table, ColumnMapping.MapEvery(columns, PostgresTypeMapper.ToColumn), primaryKey);
    }

    public async Task<bool> IsIndexedAsync(TableSchema table, string column, CancellationToken cancellationToken)
    {
        if (!_indexed.ContainsKey(table.Name))
        {
            await DescribeTableAsync(table.Name, cancellationToken);
        }

        return _indexed[table.Name].Contains(column);
    }

    public async Task<object?> ReadUpperBoundAsync(TableSchema table, ColumnSchema? column, ChangeStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy is not (ChangeStrategy.Timestamp or ChangeStrategy.Sequence) || column is null)
        {
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.SrcStrategySqlServerOnly), table.Name, strategy.ToString().ToLowerInvariant(), "PostgreSQL"));
        }

        await SendSettingsAsync(cancellationToken);
        await using var command = new NpgsqlCommand(PostgresSql.Max(Spelling(table).Name, column.Name, column.Type is PortableType.DateTime or PortableType.DateTimeOffset), _connection, _transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken);

        return value switch
        {
            null or DBNull => null,
            DateTime time when column.Type == PortableType.DateTimeOffset => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
            short or int or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcPostgresChangeType), table.Name, column.Name)),
        };
    }

    public async Task<object> ReadClockAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        // Both as of the transaction's start, like the snapshot: localtimestamp is what a timestamp
        // column defaulting to now() holds, in the session's TimeZone (the server's unless the
        // connection string sets one).
        if (_clock is null)
        {
            await SendSettingsAsync(cancellationToken);
            await using var command = new NpgsqlCommand(PostgresSql.Clock, _connection, _transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            _clock = (reader.GetDateTime(0), reader.GetDateTime(1));
        }

        // Boxed apart: a conditional would turn the DateTime into a DateTimeOffset.
        if (column.Type == PortableType.DateTimeOffset)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(_clock.Value.Instant, DateTimeKind.Utc));
        }

        return DateTime.SpecifyKind(_clock.Value.Local, DateTimeKind.Unspecified);
    }

    public Task<long?> ReadOldestValidBoundAsync(TableSchema table, ChangeStrategy strategy, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);

    public async Task<DbDataReader> ReadRowsAsync(TableSchema table, ChangeRange? range, CancellationToken cancellationToken)
    {
        await SendSettingsAsync(cancellationToken);
        var command = new NpgsqlCommand(PostgresSql.SelectRows(Spelling(table).Name, table.Columns, range), _connection, _transaction);
        if (table.Columns.Any(PostgresTypeMapper.IsNativeText))
        {
            // A column carried as PostgreSQL's own text comes in text format: its type's output, as COPY writes it.
            command.UnknownResultTypeList = table.Columns.Select(PostgresTypeMapper.IsNativeText).ToArray();
        }

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
            return new PostgresRowReader(await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken), table);
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

        await SendSettingsAsync(cancellationToken);
        if (range?.Column is not null)
        {
            await using var bind = new NpgsqlCommand(PostgresCsvCopy.BindRange, _connection, _transaction);
            bind.Parameters.AddWithValue("to", Bound(range.To));
            bind.Parameters.Add(new NpgsqlParameter("from", range.From is null ? DBNull.Value : Bound(range.From)));
            await bind.ExecuteNonQueryAsync(cancellationToken);
        }

        var statement = await PostgresCsvCopy.PlannedStatementAsync(_connection, _transaction, Spelling(table), key, range, cancellationToken);
        var export = await _connection.BeginTextExportAsync(statement, cancellationToken);
        return new PostgresCsvStream(export, new PostgresCsvFinisher(table, key));
    }

    public Task<DbDataReader?> ReadDeletedKeysAsync(TableSchema table, IReadOnlyList<string> key, ChangeRange range, CancellationToken cancellationToken) =>
        Task.FromResult<DbDataReader?>(null);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>The table as SQL must name it: the catalog's spelling of the configured name.</summary>
    private TableSchema Spelling(TableSchema table) =>
        _relations.TryGetValue(table.Name, out var relation) && relation.Name != table.Name
            ? new TableSchema(relation.Name, table.Columns, table.PrimaryKey)
            : table;

    // Unspecified kind binds as "timestamp without time zone", the type of a timestamp change column;
    // a DateTimeOffset in UTC as timestamptz, compared as an instant.
    private static object Bound(object value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => value,
    };

    /// <summary>"a and b and c" in the user's language (one "and" message per pair, never glued in code).</summary>
    private static LocalizedText JoinedWithAnd(IEnumerable<string> names) =>
        names.Select(LocalizedText.Untranslated).Aggregate((joined, next) => CommonText.Get(nameof(CommonMessages.SrcAnd), joined, next));

    /// <summary>
    /// The resolution, columns, keys and indexed columns of every table, in one round trip; the
    /// first time after the transaction's settings and before the clock, which is the same for every
    /// table and costs the server nothing to read (no round trips of their own). A name that breaks
    /// the identifier rule is left to <see cref="DescribeTableAsync"/>, which refuses it.
    /// </summary>
    public async Task PrepareDescriptionsAsync(IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var names = tables.Where(t => Identifier.IsValid(t) && !_prepared.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        var first = _settingsPending;
        var statements = names.Select((_, i) => PostgresCatalog.DescribeSourceSqlFor(Parameter(i))).ToList();
        if (first)
        {
            statements.Insert(0, Settings);
            statements.Add(PostgresSql.Clock);
        }

        await using var command = new NpgsqlCommand(string.Join(";\n", statements), _connection, _transaction);
        for (var i = 0; i < names.Count; i++)
        {
            command.Parameters.AddWithValue(Parameter(i), names[i]);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // The reader stands on the first result: the settings before it have taken effect.
        _settingsPending = false;
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            _prepared[names[i]] = await PostgresCatalog.ReadSourceAsync(reader, cancellationToken);
        }

        if (first)
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            _clock = (reader.GetDateTime(0), reader.GetDateTime(1));
        }

        static string Parameter(int i) => "table" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<PostgresCatalog.SourceTable> DescribeAsync(string table, CancellationToken cancellationToken)
    {
        Identifier.Validate(table, "table");
        if (!_prepared.TryGetValue(table, out var described))
        {
            await PrepareDescriptionsAsync([table], cancellationToken);
            described = _prepared[table];
        }

        return described;
    }

    /// <summary>Sends <see cref="Settings"/> on their own when a statement other than a description comes first.</summary>
    private async Task SendSettingsAsync(CancellationToken cancellationToken)
    {
        if (!_settingsPending)
        {
            return;
        }

        await using var command = new NpgsqlCommand(Settings, _connection, _transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        _settingsPending = false;
    }

    private async Task<string> CurrentSchemaAsync(CancellationToken cancellationToken)
    {
        await SendSettingsAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_schema()", _connection, _transaction);
        return (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "(none)";
    }
}
