using System.Data.Common;
using System.Globalization;
using System.Text;
using SyncFiles.Common;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Sqlite;

/// <summary>
/// A SQLite source's rows, each value checked against its column's declared type before the
/// writer formats it. SQLite does not enforce declared types, and its driver converts silently
/// (2.5 or 'abc' in an INTEGER column read as 2 or 0, 2 or 'yes' in a BOOLEAN as true or false);
/// the manifest carries the declaration to head office, so a value that breaks it is refused here,
/// with the rule it breaks (TableCsvWriter adds table, row, key and column).
/// </summary>
internal sealed class SqliteRowReader : ForwardingDataReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ColumnSchema[] _columns;
    private readonly decimal?[] _integerLimits;

    /// <param name="inner">The driver's rows; this reader owns them and disposes them.</param>
    /// <param name="table">The table whose columns they are, in order.</param>
    public SqliteRowReader(DbDataReader inner, TableSchema table)
        : base(inner, ownsInner: true)
    {
        _columns = [.. table.Columns];
        _integerLimits = _columns
            .Select(c => c.Precision is int p && c.Scale is int s && p - s < 29 ? Pow10(p - s) : (decimal?)null)
            .ToArray();
    }

    public override long GetInt64(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt64(ordinal);
    }

    public override short GetInt16(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt16(ordinal);
    }

    public override int GetInt32(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt32(ordinal);
    }

    public override bool GetBoolean(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt64(ordinal) switch
        {
            0 => false,
            1 => true,
            var other => throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteNotBoolean), other)),
        };
    }

    public override decimal GetDecimal(int ordinal)
    {
        var number = Inner.GetDecimal(ordinal);
        var column = _columns[ordinal];
        if (column.Scale is int scale && number.Scale > scale)
        {
            // Trailing zeros beyond the scale change nothing (2.500 is 2.50); other digits would be rounded.
            var rounded = decimal.Round(number, scale);
            if (rounded != number)
            {
                throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteDecimalPlaces), number.ToString(CultureInfo.InvariantCulture), number.Scale));
            }

            number = rounded;
        }

        // The limit is a whole number, so |truncate(x)| >= limit exactly when |x| >= limit.
        if (_integerLimits[ordinal] is decimal limit && (number >= limit || number <= -limit))
        {
            throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteDigitsBeforePoint), number.ToString(CultureInfo.InvariantCulture), column.Precision - column.Scale));
        }

        return number;
    }

    public override string GetString(int ordinal)
    {
        var type = _columns[ordinal].Type;
        var text = type == PortableType.String && Inner.GetFieldType(ordinal) == typeof(byte[])
            ? Utf8Text(ordinal)
            : Inner.GetString(ordinal);
        if (_columns[ordinal] is { Type: PortableType.String, Length: int max } && text.Length > max)
        {
            throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteTooLong), Shortened(text), text.Length));
        }

        if (type is PortableType.Date or PortableType.DateTime or PortableType.Time)
        {
            RequireIsoText(ordinal, text);
        }

        return text;
    }

    public override double GetDouble(int ordinal)
    {
        // The driver reads text in a REAL column as 0 when it is not a number.
        var stored = Inner.GetFieldType(ordinal);
        if (stored == typeof(string) || stored == typeof(byte[]))
        {
            throw Refused(ordinal, Say(stored == typeof(string) ? nameof(CommonMessages.SrcSqliteIsText) : nameof(CommonMessages.SrcSqliteIsBlob), Quoted(ordinal, stored)));
        }

        return Inner.GetDouble(ordinal);
    }

    public override DateTime GetDateTime(int ordinal)
    {
        RequireIsoTextIfText(ordinal);
        return Inner.GetDateTime(ordinal);
    }

    public override T GetFieldValue<T>(int ordinal)
    {
        if (typeof(T) == typeof(DateOnly) || typeof(T) == typeof(TimeOnly) || typeof(T) == typeof(DateTime))
        {
            RequireIsoTextIfText(ordinal);
        }

        return Inner.GetFieldValue<T>(ordinal);
    }

    // The storage class of this row's value: the driver reads REAL and TEXT as an integer by truncating.
    private void RequireInteger(int ordinal)
    {
        var stored = Inner.GetFieldType(ordinal);
        if (stored != typeof(long))
        {
            var what = stored == typeof(double) ? nameof(CommonMessages.SrcSqliteIsReal) : stored == typeof(string) ? nameof(CommonMessages.SrcSqliteIsText) : nameof(CommonMessages.SrcSqliteIsBlob);
            throw Refused(ordinal, Say(what, Quoted(ordinal, stored)));
        }
    }

    private void RequireIsoTextIfText(int ordinal)
    {
        var stored = Inner.GetFieldType(ordinal);
        if (stored == typeof(string))
        {
            RequireIsoText(ordinal, Inner.GetString(ordinal));
        }
        else if (stored == typeof(long) || stored == typeof(double))
        {
            RequireJulianDay(ordinal);
        }
    }

    // The driver reads a number in a date column as a Julian day (SQLite's julianday()); a unix time
    // is far outside that range (or, for January to March 1970, silently a date in antiquity), and a
    // DATE holding a Julian day with a time of day would lose the time.
    private void RequireJulianDay(int ordinal)
    {
        var day = Inner.GetDouble(ordinal);
        var text = day.ToString("R", CultureInfo.InvariantCulture);
        if (day is < 1721425.5 or >= 5373484.5)
        {
            throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteJulianRange), text));
        }

        if (_columns[ordinal].Type == PortableType.Date && day - Math.Floor(day) != 0.5)
        {
            throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteJulianTime), text));
        }
    }

    // Only the layouts SQLite's own date functions write and read: the driver's parser would also
    // take '01/02/2026' (by the machine's culture), convert a 'Z' or '+02:00' away, and round
    // fractions beyond 100 ns.
    private void RequireIsoText(int ordinal, string text)
    {
        var type = _columns[ordinal].Type;
        var ok = type switch
        {
            PortableType.Time => IsIsoTime(text, 0),

            // PostgreSQL's infinities, which a SQLite head office keeps as this text, travel on as themselves.
            _ when TemporalInfinity.FromText(text) is not null => true,
            PortableType.Date => text.Length == 10 && IsIsoDate(text),
            _ => IsIsoDate(text) && (text.Length == 10 || IsIsoTime(text, 11)),
        };
        if (!ok)
        {
            var layouts = type switch
            {
                PortableType.Time => nameof(CommonMessages.SrcSqliteNotIsoTime),
                PortableType.Date => nameof(CommonMessages.SrcSqliteNotIsoDate),
                _ => nameof(CommonMessages.SrcSqliteNotIsoDateTime),
            };
            throw Refused(ordinal, Say(layouts, Shortened(text)));
        }
    }

    private static bool IsIsoDate(string text) =>
        text.Length >= 10 && Digits(text, 0, 4) && text[4] == '-' && Digits(text, 5, 2) && text[7] == '-' && Digits(text, 8, 2)
        && (text.Length == 10 || text[10] is ' ' or 'T');

    // HH:MM[:SS[.f{1,7}]] from start to the end of the text; the values' ranges are left to the driver, which refuses them.
    private static bool IsIsoTime(string text, int start)
    {
        var length = text.Length - start;
        if (length < 5 || !Digits(text, start, 2) || text[start + 2] != ':' || !Digits(text, start + 3, 2))
        {
            return false;
        }

        if (length == 5)
        {
            return true;
        }

        if (length < 8 || text[start + 5] != ':' || !Digits(text, start + 6, 2))
        {
            return false;
        }

        var fraction = length - 9;
        return length == 8 || (text[start + 8] == '.' && fraction is >= 1 and <= 7 && Digits(text, start + 9, fraction));
    }

    private static bool Digits(string text, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    // A blob in a TEXT column: the driver decodes invalid UTF-8 to U+FFFD; decode strictly instead.
    private string Utf8Text(int ordinal)
    {
        var bytes = Inner.GetFieldValue<byte[]>(ordinal);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(ordinal, Say(nameof(CommonMessages.SrcSqliteBlobNotUtf8), bytes.Length));
        }
    }

    private static string Shortened(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static LocalizedText Say(string key, params object?[] arguments) => CommonText.Get(key, arguments);

    private LocalizedText Quoted(int ordinal, Type stored) => stored == typeof(string)
        ? LocalizedText.Untranslated($"'{Inner.GetString(ordinal)}'")
        : stored == typeof(double) ? LocalizedText.Untranslated(Inner.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture)) : Say(nameof(CommonMessages.SrcSqliteTheValue));

    private ValueRefusedException Refused(int ordinal, LocalizedText rule)
    {
        var column = _columns[ordinal];
        var declared = column.Type switch
        {
            PortableType.Decimal when column.Precision is int p => $"DECIMAL({p},{column.Scale ?? 0})",
            PortableType.String when column.Length is int n => $"VARCHAR({n})",
            PortableType.String => "TEXT",
            PortableType.Boolean => "BOOLEAN",
            PortableType.Float32 or PortableType.Float64 => "REAL",
            PortableType.Date => "DATE",
            PortableType.Time => "TIME",
            PortableType.DateTime => "DATETIME",
            _ => "INTEGER",
        };
        return new ValueRefusedException(Say(nameof(CommonMessages.SrcSqliteDeclared), rule, declared));
    }

    private static decimal Pow10(int digits)
    {
        var value = 1m;
        for (var i = 0; i < digits; i++)
        {
            value *= 10;
        }

        return value;
    }
}
