using System.Globalization;
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
    // Microsoft.Data.Sqlite's own text layouts (SqliteValueBinder), which its readers parse back;
    // SqliteValuesTests holds the two to the same stored values.
    private const string DateTimeText = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
    private const string DateTimeOffsetText = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";
    private const string DateText = @"yyyy\-MM\-dd";
    private const string WholeSecondText = "HH:mm:ss";
    private const string TimeText = "HH:mm:ss.fffffff";

    public static void Bind(SqliteRowInserter insert, int index, object? value, bool asText = false)
    {
        switch (value)
        {
            case null or DBNull:
                insert.BindNull(index);
                break;
            case string text:
                insert.BindText(index, text);
                break;
            case not null when asText:
                insert.BindText(index, ValueText.FormatValue(value));
                break;
            case Guid guid:
                insert.BindFormatted(index, guid, "D");
                break;
            case TemporalInfinity infinity:
                // SQLite keeps dates as text: PostgreSQL's infinity stays its own text, which the
                // SQLite source reads back as the infinity (TableCsvWriter), so PG -> SQLite -> PG is exact.
                insert.BindText(index, infinity.ToString());
                break;
            case decimal number:
                insert.BindFormatted(index, number, default);
                break;
            case bool flag:
                insert.BindInt64(index, flag ? 1L : 0L);
                break;
            case short number:
                insert.BindInt64(index, number);
                break;
            case int number:
                insert.BindInt64(index, number);
                break;
            case long number:
                insert.BindInt64(index, number);
                break;
            case float number:
                BindReal(insert, index, number);
                break;
            case double number:
                BindReal(insert, index, number);
                break;
            case byte[] bytes:
                insert.BindBlob(index, bytes);
                break;
            case DateTime dateTime:
                insert.BindFormatted(index, dateTime, DateTimeText);
                break;
            case DateTimeOffset offset:
                insert.BindFormatted(index, offset, DateTimeOffsetText);
                break;
            case DateOnly date:
                insert.BindFormatted(index, date, DateText);
                break;
            case TimeOnly time:
                insert.BindFormatted(index, time, time.Ticks % TimeSpan.TicksPerSecond == 0 ? WholeSecondText : TimeText);
                break;
            default:
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"No SQLite storage for a value of type {value.GetType()}."));
        }
    }

    private static void BindReal(SqliteRowInserter insert, int index, double number)
    {
        // SQLite would store NaN as NULL; ValueFit refuses it before it gets here.
        if (double.IsNaN(number))
        {
            throw new InvalidOperationException("Cannot store 'NaN' values.");
        }

        insert.BindDouble(index, number);
    }
}
