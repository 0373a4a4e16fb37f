using System.Globalization;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// Binary COPY is strict about types: each bundle value is converted to the CLR type the target
/// column's type takes (the importer has already checked that it fits without loss).
/// </summary>
/// <remarks>
/// PostgreSQL's infinities are written as their binary form, the largest and smallest value of
/// the type's integer (days for a date, microseconds for a timestamp), which Npgsql sends as is
/// for these type names: with its infinity conversions off (PostgresAppContext) no .NET date maps
/// to them, and DateTime.MinValue/MaxValue are written as the real dates they are.
/// </remarks>
internal static class PostgresValues
{
    public static object ForColumn(object value, string targetType) => (targetType, value) switch
    {
        ("int2", _) => Convert.ToInt16(value, CultureInfo.InvariantCulture),
        ("int4", _) => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        ("int8", _) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ("numeric", not decimal) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        ("float8", float single) => (double)single,
        ("date", TemporalInfinity infinity) => infinity.IsPositive ? int.MaxValue : int.MinValue,
        ("timestamp" or "timestamptz", TemporalInfinity infinity) => infinity.IsPositive ? long.MaxValue : long.MinValue,
        ("timestamp", DateOnly date) => date.ToDateTime(TimeOnly.MinValue),
        ("timestamp", DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
        ("timestamptz", DateTimeOffset offset) => offset.ToUniversalTime(),
        // A text column stores any value as its exact bundle text (offset, GUID, decimal as written).
        ("text" or "varchar" or "bpchar" or "citext", not string) => ValueText.FormatValue(value),
        _ => value,
    };
}
