using System.Globalization;
using MySqlConnector;
using SyncFiles.Common;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.MySql.Text;

namespace SyncFiles.MySql;

/// <summary>
/// The source's rows with each value as the .NET type of its portable type, whatever MySqlConnector
/// hands for the column: TINYINT and YEAR as a short, an unsigned BIGINT as a decimal, BIT as a long,
/// DATE as a DateOnly, TIME as a TimeOnly, TIMESTAMP (read in UTC) as a DateTimeOffset, UUID as a
/// Guid. A zero date (<c>0000-00-00</c>) is refused with the reason, naming row and column
/// (TableCsvWriter); a TIME outside one day fails its conversion and is refused the same way.
/// </summary>
internal sealed class MySqlRowReader : ForwardingDataReader
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly PortableType[] _types;

    /// <param name="inner">The driver's rows; this reader owns them and disposes them.</param>
    /// <param name="table">The table whose columns they are, in order.</param>
    public MySqlRowReader(MySqlDataReader inner, TableSchema table)
        : base(inner, ownsInner: true)
    {
        _types = table.Columns.Select(c => c.Type).ToArray();
    }

    public override Type GetFieldType(int ordinal) => ValueText.ClrType(_types[ordinal]);

    public override object GetValue(int ordinal) => Inner.IsDBNull(ordinal) ? DBNull.Value : Portable(ordinal);

    public override T GetFieldValue<T>(int ordinal) => (T)Portable(ordinal);

    public override bool GetBoolean(int ordinal) => Convert.ToBoolean(Portable(ordinal), Invariant);

    public override short GetInt16(int ordinal) => Convert.ToInt16(Portable(ordinal), Invariant);

    public override int GetInt32(int ordinal) => Convert.ToInt32(Portable(ordinal), Invariant);

    public override long GetInt64(int ordinal) => Convert.ToInt64(Portable(ordinal), Invariant);

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(Portable(ordinal), Invariant);

    public override DateTime GetDateTime(int ordinal) => Portable(ordinal) switch
    {
        DateTime time => time,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset instant => instant.UtcDateTime,
        var other => (DateTime)other,
    };

    public override Guid GetGuid(int ordinal) => (Guid)Portable(ordinal);

    private object Portable(int ordinal)
    {
        var type = _types[ordinal];
        object raw;
        try
        {
            raw = Inner.GetValue(ordinal);
        }
        catch (Exception ex) when (type is PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset && ex is InvalidCastException or MySqlConversionException)
        {
            throw new ValueRefusedException(MySqlText.Get(nameof(MySqlMessages.SrcZeroDate)));
        }

        return type switch
        {
            PortableType.Boolean => Convert.ToBoolean(raw, Invariant),
            PortableType.Int16 => Convert.ToInt16(raw, Invariant),
            PortableType.Int32 => Convert.ToInt32(raw, Invariant),
            PortableType.Int64 => Convert.ToInt64(raw, Invariant),
            PortableType.Decimal => Convert.ToDecimal(raw, Invariant),
            PortableType.Date => raw is DateTime date ? DateOnly.FromDateTime(date) : raw,
            PortableType.Time => raw is TimeSpan time ? TimeOnly.FromTimeSpan(time) : raw,
            PortableType.DateTime => raw is DateTime time ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified) : raw,
            // The session's time zone is UTC (MySqlSourceProvider): a TIMESTAMP reads as its UTC instant.
            PortableType.DateTimeOffset => raw is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), TimeSpan.Zero) : raw,
            PortableType.Guid => raw switch
            {
                string text => Guid.Parse(text, Invariant),
                byte[] { Length: 16 } bytes => new Guid(bytes, bigEndian: true),
                _ => raw,
            },
            _ => raw,
        };
    }
}
