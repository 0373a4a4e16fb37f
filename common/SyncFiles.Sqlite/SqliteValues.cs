using System.Globalization;
using Microsoft.Data.Sqlite;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Sqlite;

/// <summary>
/// How portable values are stored in SQLite: the same text layouts Microsoft.Data.Sqlite uses for
/// dates, except that GUIDs are kept as lower-case text (the driver's default is a 16-byte blob,
/// which no one can read in a SQL shell), decimals as exact invariant text, and PostgreSQL's
/// infinities as their text <c>infinity</c> / <c>-infinity</c>. A column of TEXT affinity
/// (<c>asText</c>) stores any value as its exact bundle text instead: a date-time with its offset
/// and 'T', as the bundle wrote it, not the driver's own layout.
/// </summary>
internal static class SqliteValues
{
    public static void Bind(SqliteParameter parameter, object? value, bool asText = false)
    {
        switch (value)
        {
            case null or DBNull:
                parameter.SqliteType = SqliteType.Text;
                parameter.Value = DBNull.Value;
                break;
            case not string when asText:
                parameter.SqliteType = SqliteType.Text;
                parameter.Value = ValueText.FormatValue(value);
                break;
            case Guid guid:
                parameter.SqliteType = SqliteType.Text;
                parameter.Value = guid.ToString("D");
                break;
            case TemporalInfinity infinity:
                // SQLite keeps dates as text: PostgreSQL's infinity stays its own text, which the
                // SQLite source reads back as the infinity (TableCsvWriter), so PG -> SQLite -> PG is exact.
                parameter.SqliteType = SqliteType.Text;
                parameter.Value = infinity.ToString();
                break;
            case decimal number:
                parameter.SqliteType = SqliteType.Text;
                parameter.Value = number.ToString(CultureInfo.InvariantCulture);
                break;
            case bool flag:
                parameter.SqliteType = SqliteType.Integer;
                parameter.Value = flag ? 1L : 0L;
                break;
            case short or int or long:
                parameter.SqliteType = SqliteType.Integer;
                parameter.Value = value;
                break;
            case float or double:
                parameter.SqliteType = SqliteType.Real;
                parameter.Value = value;
                break;
            case byte[]:
                parameter.SqliteType = SqliteType.Blob;
                parameter.Value = value;
                break;
            default:
                // Strings, DateOnly, TimeOnly, DateTime and DateTimeOffset: the driver's text layouts.
                parameter.SqliteType = SqliteType.Text;
                parameter.Value = value;
                break;
        }
    }
}
