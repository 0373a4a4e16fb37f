using Npgsql;
using SyncFiles.Common.Csv;
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
internal sealed class PostgresRowReader : ForwardingDataReader
{
    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly PortableType?[] _temporal;
    private readonly object?[] _values;
    private readonly bool[] _loaded;

    /// <param name="inner">The driver's rows; this reader owns them and disposes them.</param>
    /// <param name="table">The table whose columns they are, in order.</param>
    public PostgresRowReader(NpgsqlDataReader inner, TableSchema table)
        : base(inner, ownsInner: true)
    {
        _temporal = table.Columns
            .Select(c => c.Type is PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset ? c.Type : (PortableType?)null)
            .ToArray();
        _values = new object?[_temporal.Length];
        _loaded = new bool[_temporal.Length];
    }

    public override bool Read()
    {
        Array.Clear(_loaded);
        return Inner.Read();
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        Array.Clear(_loaded);
        return Inner.ReadAsync(cancellationToken);
    }

    public override bool IsDBNull(int ordinal) => _loaded[ordinal] ? _values[ordinal] is null : Inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        _loaded[ordinal] ? Task.FromResult(_values[ordinal] is null) : Inner.IsDBNullAsync(ordinal, cancellationToken);

    public override Type GetFieldType(int ordinal) =>
        _temporal[ordinal] is not null && Load(ordinal) is TemporalInfinity ? typeof(string) : Inner.GetFieldType(ordinal);

    public override object GetValue(int ordinal) => _temporal[ordinal] is not null ? Load(ordinal) ?? DBNull.Value : Inner.GetValue(ordinal);

    public override T GetFieldValue<T>(int ordinal) => _temporal[ordinal] is not null ? (T)Temporal(ordinal) : Inner.GetFieldValue<T>(ordinal);

    public override DateTime GetDateTime(int ordinal) => _temporal[ordinal] is not null ? (DateTime)Temporal(ordinal) : Inner.GetDateTime(ordinal);

    public override string GetString(int ordinal) =>
        _temporal[ordinal] is not null && Load(ordinal) is TemporalInfinity infinity ? infinity.ToString() : Inner.GetString(ordinal);

    private object Temporal(int ordinal) => Load(ordinal) ?? throw new InvalidCastException("The value is NULL.");

    /// <summary>The column's value in this row: a date, a TemporalInfinity, or null for NULL; read once.</summary>
    private object? Load(int ordinal)
    {
        if (_loaded[ordinal])
        {
            return _values[ordinal];
        }

        object? value;
        if (Inner.IsDBNull(ordinal))
        {
            value = null;
        }
        else if (_temporal[ordinal] == PortableType.Date)
        {
            var days = Inner.GetFieldValue<int>(ordinal);
            value = days switch
            {
                int.MaxValue => TemporalInfinity.Positive,
                int.MinValue => TemporalInfinity.Negative,
                _ => DateOnly.FromDayNumber(checked(PostgresEpochDay + days)),
            };
        }
        else
        {
            var microseconds = Inner.GetFieldValue<long>(ordinal);
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
