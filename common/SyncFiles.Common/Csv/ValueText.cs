using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Csv;

/// <summary>
/// The text form of every portable type inside a bundle's CSV files (docs/bundle-format.md):
/// invariant culture, ISO 8601 dates with every fractional digit kept, decimals at full scale,
/// floats in their shortest round-trip form, binary as base64, booleans as true/false; a date,
/// date-time or date-time with offset may also be PostgreSQL's <c>infinity</c> or <c>-infinity</c>
/// (parsed as <see cref="TemporalInfinity"/>).
/// Parsing is strict: it accepts exactly what formatting produces (and nothing locale-dependent).
/// </summary>
public static class ValueText
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm:ss.FFFFFFF";
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF";
    public const string DateTimeOffsetFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // NumberStyles.Float without the leading and trailing white space it also allows.
    private const NumberStyles StrictFloat = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // What the parser accepts for times and date-times: with or without a fraction (FFFFFFF
    // already makes the fraction optional) and, for a date-time, 'T' as the only separator.
    private static readonly string[] DateTimeFormats = [DateTimeFormat];
    private static readonly string[] DateTimeOffsetFormats = [DateTimeOffsetFormat];

    public static string FormatDateTime(DateTime value) => value.ToString(DateTimeFormat, Invariant);

    public static string FormatDecimal(decimal value, int? scale)
    {
        // A declared scale pads (12.5 in a DECIMAL(12,2) column is "12.50"); it never rounds: a value
        // with more digits than the declared scale keeps them and the target decides what fits.
        if (scale is int s && value.Scale < s)
        {
            return value.ToString("F" + s.ToString(Invariant), Invariant);
        }

        return value.ToString(Invariant);
    }

    /// <summary>Formats <paramref name="value"/> (of the CLR type <see cref="ClrType"/> gives) as text.</summary>
    public static string Format(object value, ColumnSchema column) => column.Type switch
    {
        PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset when value is TemporalInfinity infinity => infinity.ToString(),
        PortableType.Boolean => (bool)value ? "true" : "false",
        PortableType.Int16 => Convert.ToInt16(value, Invariant).ToString(Invariant),
        PortableType.Int32 => Convert.ToInt32(value, Invariant).ToString(Invariant),
        PortableType.Int64 => Convert.ToInt64(value, Invariant).ToString(Invariant),
        PortableType.Decimal => FormatDecimal(Convert.ToDecimal(value, Invariant), column.Scale),
        PortableType.Float32 => ((float)value).ToString("R", Invariant),
        PortableType.Float64 => ((double)value).ToString("R", Invariant),
        PortableType.String => (string)value,
        PortableType.Date => ((DateOnly)value).ToString(DateFormat, Invariant),
        PortableType.Time => ((TimeOnly)value).ToString(TimeFormat, Invariant),
        PortableType.DateTime => FormatDateTime((DateTime)value),
        PortableType.DateTimeOffset => ((DateTimeOffset)value).ToString(DateTimeOffsetFormat, Invariant),
        PortableType.Guid => ((Guid)value).ToString("D"),
        PortableType.Binary => Convert.ToBase64String((byte[])value),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown portable type."),
    };

    /// <summary>
    /// A parsed value's bundle text, its portable type told by its CLR type: what a target's text
    /// column stores for a value of any type (a date-time with its offset, a GUID, a decimal as written).
    /// </summary>
    public static string FormatValue(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        decimal number => number.ToString(Invariant),
        float single => single.ToString("R", Invariant),
        double number => number.ToString("R", Invariant),
        DateOnly date => date.ToString(DateFormat, Invariant),
        TimeOnly time => time.ToString(TimeFormat, Invariant),
        DateTime time => FormatDateTime(time),
        DateTimeOffset offset => offset.ToString(DateTimeOffsetFormat, Invariant),
        Guid guid => guid.ToString("D"),
        byte[] bytes => Convert.ToBase64String(bytes),
        TemporalInfinity infinity => infinity.ToString(),
        _ => Convert.ToString(value, Invariant) ?? string.Empty,
    };

    /// <summary>
    /// The CLR type a parsed value of <paramref name="type"/> has (a date, date-time or date-time
    /// with offset may also be a <see cref="TemporalInfinity"/>).
    /// </summary>
    public static Type ClrType(PortableType type) => type switch
    {
        PortableType.Boolean => typeof(bool),
        PortableType.Int16 => typeof(short),
        PortableType.Int32 => typeof(int),
        PortableType.Int64 => typeof(long),
        PortableType.Decimal => typeof(decimal),
        PortableType.Float32 => typeof(float),
        PortableType.Float64 => typeof(double),
        PortableType.String => typeof(string),
        PortableType.Date => typeof(DateOnly),
        PortableType.Time => typeof(TimeOnly),
        PortableType.DateTime => typeof(DateTime),
        PortableType.DateTimeOffset => typeof(DateTimeOffset),
        PortableType.Guid => typeof(Guid),
        PortableType.Binary => typeof(byte[]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown portable type."),
    };

    /// <summary>
    /// Parses the UTF-8 text of a non-NULL field. Returns false (with a reason) when the text is not
    /// a valid value of the column's type.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, ColumnSchema column, out object? value, out LocalizedText? problem)
    {
        problem = null;
        value = null;
        switch (column.Type)
        {
            case PortableType.String:
                // The CSV parser hands out raw bytes; decoding leniently would turn a bad byte into
                // U+FFFD and store a value the site never had.
                if (!Utf8.IsValid(utf8))
                {
                    problem = CommonText.Get(nameof(CommonMessages.MsgValueNotUtf8));
                    return false;
                }

                value = Encoding.UTF8.GetString(utf8);
                return true;
            case PortableType.Boolean:
                if (utf8.SequenceEqual("true"u8))
                {
                    value = true;
                    return true;
                }

                if (utf8.SequenceEqual("false"u8))
                {
                    value = false;
                    return true;
                }

                problem = CommonText.Get(nameof(CommonMessages.MsgValueExpectBoolean));
                return false;
            case PortableType.Int16:
                return Finish(short.TryParse(utf8, NumberStyles.AllowLeadingSign, Invariant, out var i16), i16, nameof(CommonMessages.MsgValueExpectInt16), out value, out problem);
            case PortableType.Int32:
                return Finish(int.TryParse(utf8, NumberStyles.AllowLeadingSign, Invariant, out var i32), i32, nameof(CommonMessages.MsgValueExpectInt32), out value, out problem);
            case PortableType.Int64:
                return Finish(long.TryParse(utf8, NumberStyles.AllowLeadingSign, Invariant, out var i64), i64, nameof(CommonMessages.MsgValueExpectInt64), out value, out problem);
            case PortableType.Decimal:
                return Finish(decimal.TryParse(utf8, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Invariant, out var dec), dec, nameof(CommonMessages.MsgValueExpectDecimal), out value, out problem);
            case PortableType.Float32:
                return Finish(float.TryParse(utf8, StrictFloat, Invariant, out var f32), f32, nameof(CommonMessages.MsgValueExpectFloat), out value, out problem);
            case PortableType.Float64:
                return Finish(double.TryParse(utf8, StrictFloat, Invariant, out var f64), f64, nameof(CommonMessages.MsgValueExpectFloat), out value, out problem);
            case PortableType.Guid:
                return Finish(Utf8Parser.TryParse(utf8, out Guid guid, out var consumed, 'D') && consumed == utf8.Length, guid, nameof(CommonMessages.MsgValueExpectGuid), out value, out problem);
            case PortableType.Binary:
                return TryParseBase64(utf8, out value, out problem);
            default:
                return TryParseTemporal(utf8, column.Type, out value, out problem);
        }
    }

    private static bool TryParseTemporal(ReadOnlySpan<byte> utf8, PortableType type, out object? value, out LocalizedText? problem)
    {
        if (type == PortableType.DateTime && TryParseCanonicalDateTime(utf8, out var canonical))
        {
            value = canonical;
            problem = null;
            return true;
        }

        value = null;
        if (utf8.Length > 64)
        {
            problem = CommonText.Get(nameof(CommonMessages.MsgValueTemporalTooLong));
            return false;
        }

        if (utf8.ContainsAnyExceptInRange((byte)'!', (byte)'~'))
        {
            problem = CommonText.Get(nameof(CommonMessages.MsgValueTemporalNotAscii));
            return false;
        }

        // Temporal text is ASCII; decoding into a small stack buffer avoids a string per value.
        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }

        return TryParseTemporal(chars, type, out value, out problem);
    }

    /// <summary>
    /// Parses the text of a date, time, date-time or date-time with offset in its bundle form
    /// (<c>infinity</c> and <c>-infinity</c> included, except for a time).
    /// </summary>
    public static bool TryParseTemporal(ReadOnlySpan<char> chars, PortableType type, out object? value, out LocalizedText? problem)
    {
        if (type is PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset && TemporalInfinity.FromText(chars) is { } infinity)
        {
            value = infinity;
            problem = null;
            return true;
        }

        var styles = DateTimeStyles.None;
        switch (type)
        {
            case PortableType.Date:
                return Finish(DateOnly.TryParseExact(chars, DateFormat, Invariant, styles, out var date), date, nameof(CommonMessages.MsgValueExpectDate), out value, out problem);
            case PortableType.Time:
                return Finish(TimeOnly.TryParseExact(chars, TimeFormat, Invariant, styles, out var time), time, nameof(CommonMessages.MsgValueExpectTime), out value, out problem);
            case PortableType.DateTime:
                return Finish(DateTime.TryParseExact(chars, DateTimeFormats, Invariant, styles, out var dateTime), dateTime, nameof(CommonMessages.MsgValueExpectDateTime), out value, out problem);
            case PortableType.DateTimeOffset:
                return Finish(DateTimeOffset.TryParseExact(chars, DateTimeOffsetFormats, Invariant, styles, out var offset), offset, nameof(CommonMessages.MsgValueExpectDateTimeOffset), out value, out problem);
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown portable type.");
        }
    }

    /// <summary>
    /// The date-time form the exporters write (<c>yyyy-MM-ddTHH:mm:ss</c>, then optionally a point
    /// and one to seven digits), read straight from the bytes: every date-time of a bundle passes
    /// here, and DateTime.TryParseExact costs several times more (docs/performance.md, "Import margin
    /// (issue 16)"). Only text of exactly that shape whose fields are a valid date-time succeeds;
    /// anything else (an infinity, an invalid date, another shape) returns false and is left to
    /// TryParseExact, which decides and words the refusal as before. Its result is TryParseExact's:
    /// the same ticks, kind Unspecified.
    /// </summary>
    internal static bool TryParseCanonicalDateTime(ReadOnlySpan<byte> utf8, out DateTime value)
    {
        value = default;
        if (utf8.Length != 19 && (utf8.Length < 21 || utf8.Length > 27 || utf8[19] != (byte)'.'))
        {
            return false;
        }

        if (utf8[4] != (byte)'-' || utf8[7] != (byte)'-' || utf8[10] != (byte)'T' || utf8[13] != (byte)':' || utf8[16] != (byte)':')
        {
            return false;
        }

        if (!Digits(utf8, 0, 4, out var year) || !Digits(utf8, 5, 2, out var month) || !Digits(utf8, 8, 2, out var day)
            || !Digits(utf8, 11, 2, out var hour) || !Digits(utf8, 14, 2, out var minute) || !Digits(utf8, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = 0;
        if (utf8.Length > 19)
        {
            var fractionDigits = utf8.Length - 20;
            if (!Digits(utf8, 20, fractionDigits, out var fraction))
            {
                return false;
            }

            ticks = fraction;
            for (var i = fractionDigits; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    /// <summary>
    /// <see cref="TryParseCanonicalDateTime(ReadOnlySpan{byte}, out DateTime)"/> for text a source
    /// hands as a string: the bundle's form, or the same with a space for the 'T' (the layout of
    /// SQLite's own date functions and of Microsoft.Data.Sqlite). Any getter reads such text as
    /// this date-time; other text returns false and is left to the caller's usual path.
    /// </summary>
    internal static bool TryParseCanonicalDateTime(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length is < 19 or > 27)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[27];
        if (!TryAscii(text, utf8))
        {
            return false;
        }

        if (utf8[10] == (byte)' ')
        {
            utf8[10] = (byte)'T';
        }

        return TryParseCanonicalDateTime(utf8[..text.Length], out value);
    }

    /// <summary>A date in its one form, <c>yyyy-MM-dd</c>, read without a parser; false for anything else.</summary>
    internal static bool TryParseCanonicalDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        value = default;
        Span<byte> utf8 = stackalloc byte[10];
        if (text.Length != 10 || !TryAscii(text, utf8) || utf8[4] != (byte)'-' || utf8[7] != (byte)'-'
            || !Digits(utf8, 0, 4, out var year) || !Digits(utf8, 5, 2, out var month) || !Digits(utf8, 8, 2, out var day)
            || year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryAscii(ReadOnlySpan<char> text, Span<byte> ascii)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return false;
            }

            ascii[i] = (byte)text[i];
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> utf8, int start, int count, out int number)
    {
        number = 0;
        foreach (var b in utf8.Slice(start, count))
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }

    private static bool TryParseBase64(ReadOnlySpan<byte> utf8, out object? value, out LocalizedText? problem)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(utf8.Length)];
        var status = Base64.DecodeFromUtf8(utf8, bytes, out var consumed, out var written);
        if (status != System.Buffers.OperationStatus.Done || consumed != utf8.Length)
        {
            value = null;
            problem = CommonText.Get(nameof(CommonMessages.MsgValueExpectBase64));
            return false;
        }

        value = written == bytes.Length ? bytes : bytes.AsSpan(0, written).ToArray();
        problem = null;
        return true;
    }

    // The reason is made only on failure: this runs for every field of every row.
    private static bool Finish<T>(bool ok, T parsed, string expectedKey, out object? value, out LocalizedText? problem)
    {
        value = ok ? parsed : null;
        problem = ok ? null : CommonText.Get(expectedKey);
        return ok;
    }
}
