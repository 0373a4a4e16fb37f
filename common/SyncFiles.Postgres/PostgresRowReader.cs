using System.Collections;
using System.Data.Common;
using Npgsql;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// The data-reader path's rows (PostgresSourceSnapshot.ReadRowsAsync): the driver's reader, except
/// that <c>date</c>, <c>timestamp</c> and <c>timestamptz</c> values are read as PostgreSQL's raw
/// integers (days, or microseconds, since 2000-01-01) and turned into the .NET date here, so that
/// <c>infinity</c> and <c>-infinity</c> (the integers' extremes) can become
/// <see cref="TemporalInfinity"/>. With its infinity conversions off (PostgresAppContext) Npgsql
/// cannot read them as a date at all.
/// </summary>
/// <remarks>
/// A row's infinite value reports <see cref="string"/> as its field type and its bundle text from
/// <see cref="GetString"/>, which is how TableCsvWriter takes a date a source hands as text. Reading
/// the raw integer costs nothing more than the driver's own conversion; selecting the value as
/// text instead made a table of three date columns export at half the speed (docs/performance.md).
/// A value outside years 1 to 9999 fails its conversion here, and the writer refuses it naming
/// row and column, as before.
/// </remarks>
internal sealed class PostgresRowReader : DbDataReader
{
    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly NpgsqlDataReader _inner;
    private readonly PortableType?[] _temporal;
    private readonly object?[] _values;
    private readonly bool[] _loaded;

    public PostgresRowReader(NpgsqlDataReader inner, TableSchema table)
    {
        _inner = inner;
        _temporal = table.Columns
            .Select(c => c.Type is PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset ? c.Type : (PortableType?)null)
            .ToArray();
        _values = new object?[_temporal.Length];
        _loaded = new bool[_temporal.Length];
    }

    public override int FieldCount => _inner.FieldCount;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int RecordsAffected => _inner.RecordsAffected;

    public override bool HasRows => _inner.HasRows;

    public override bool IsClosed => _inner.IsClosed;

    public override int Depth => _inner.Depth;

    public override bool Read()
    {
        Array.Clear(_loaded);
        return _inner.Read();
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        Array.Clear(_loaded);
        return _inner.ReadAsync(cancellationToken);
    }

    public override bool NextResult() => _inner.NextResult();

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => _inner.NextResultAsync(cancellationToken);

    public override bool IsDBNull(int ordinal) => _loaded[ordinal] ? _values[ordinal] is null : _inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        _loaded[ordinal] ? Task.FromResult(_values[ordinal] is null) : _inner.IsDBNullAsync(ordinal, cancellationToken);

    public override Type GetFieldType(int ordinal) =>
        _temporal[ordinal] is not null && Load(ordinal) is TemporalInfinity ? typeof(string) : _inner.GetFieldType(ordinal);

    public override string GetDataTypeName(int ordinal) => _inner.GetDataTypeName(ordinal);

    public override string GetName(int ordinal) => _inner.GetName(ordinal);

    public override int GetOrdinal(string name) => _inner.GetOrdinal(name);

    public override object GetValue(int ordinal) => _temporal[ordinal] is not null ? Load(ordinal) ?? DBNull.Value : _inner.GetValue(ordinal);

    public override T GetFieldValue<T>(int ordinal) => _temporal[ordinal] is not null ? (T)Temporal(ordinal) : _inner.GetFieldValue<T>(ordinal);

    public override DateTime GetDateTime(int ordinal) => _temporal[ordinal] is not null ? (DateTime)Temporal(ordinal) : _inner.GetDateTime(ordinal);

    public override string GetString(int ordinal) =>
        _temporal[ordinal] is not null && Load(ordinal) is TemporalInfinity infinity ? infinity.ToString() : _inner.GetString(ordinal);

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool GetBoolean(int ordinal) => _inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => _inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => _inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => _inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => _inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override decimal GetDecimal(int ordinal) => _inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => _inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => _inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => _inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => _inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => _inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => _inner.GetInt64(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private object Temporal(int ordinal) => Load(ordinal) ?? throw new InvalidCastException("The value is NULL.");

    /// <summary>The column's value in this row: a date, a TemporalInfinity, or null for NULL; read once.</summary>
    private object? Load(int ordinal)
    {
        if (_loaded[ordinal])
        {
            return _values[ordinal];
        }

        object? value;
        if (_inner.IsDBNull(ordinal))
        {
            value = null;
        }
        else if (_temporal[ordinal] == PortableType.Date)
        {
            var days = _inner.GetFieldValue<int>(ordinal);
            value = days switch
            {
                int.MaxValue => TemporalInfinity.Positive,
                int.MinValue => TemporalInfinity.Negative,
                _ => DateOnly.FromDayNumber(checked(PostgresEpochDay + days)),
            };
        }
        else
        {
            var microseconds = _inner.GetFieldValue<long>(ordinal);
            value = microseconds switch
            {
                long.MaxValue => TemporalInfinity.Positive,
                long.MinValue => TemporalInfinity.Negative,
                _ when _temporal[ordinal] == PortableType.DateTime => PostgresEpoch.AddTicks(checked(microseconds * TimeSpan.TicksPerMicrosecond)),
                _ => new DateTimeOffset(PostgresEpoch.AddTicks(checked(microseconds * TimeSpan.TicksPerMicrosecond)), TimeSpan.Zero),
            };
        }

        _values[ordinal] = value;
        _loaded[ordinal] = true;
        return value;
    }
}
