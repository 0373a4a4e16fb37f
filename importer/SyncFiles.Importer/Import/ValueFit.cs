using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Whether bundle values can be stored in a target column without loss. Types are checked once
/// per table (a decimal column never goes into an integer one); values one by one while they
/// stream, so a string too long, a decimal with too many digits or a date out of the target's
/// range is refused with its line and column instead of being truncated or rounded by the database.
/// </summary>
public static class ValueFit
{
    private static readonly long[] TickDivisors = [10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>Null when values of <paramref name="bundle"/> may go into <paramref name="target"/>; otherwise why not.</summary>
    public static string? TypeProblem(ManifestColumn bundle, TargetColumn target)
    {
        if (target.Type is not PortableType to || bundle.Type == to)
        {
            return null;
        }

        // A text column takes any value as its exact bundle text (a date-time with its offset, a
        // GUID, a decimal as written): nothing is lost, and the provider binds that text.
        if (to == PortableType.String)
        {
            return null;
        }

        var from = bundle.Type;
        var widening = (from, to) switch
        {
            (PortableType.Int16, PortableType.Int32 or PortableType.Int64 or PortableType.Decimal or PortableType.Float64) => true,
            (PortableType.Int32, PortableType.Int64 or PortableType.Decimal or PortableType.Float64) => true,
            (PortableType.Int64, PortableType.Decimal) => true,

            // Narrower integers are accepted value by value (SQLite declares every integer 64-bit).
            (PortableType.Int64, PortableType.Int32 or PortableType.Int16) => true,
            (PortableType.Int32, PortableType.Int16) => true,
            (PortableType.Boolean, PortableType.Int16 or PortableType.Int32 or PortableType.Int64) => true,
            (PortableType.Float32, PortableType.Float64) => true,
            (PortableType.Date, PortableType.DateTime) => true,
            _ => false,
        };
        return widening ? null : $"the bundle's {Name(from)} values cannot be stored in the target's {target.DeclaredType} column (a {Name(to)})";
    }

    /// <summary>A check of each value against the target column's limits, or null when it has none.</summary>
    public static Func<object, string?>? ValueCheck(TargetColumn target)
    {
        switch (target.Type)
        {
            case PortableType.String when target.MaxLength is int max:
                return value => ValueText.FormatValue(value) is var text && text.Length > max
                    ? $"'{Shorten(text)}' is {text.Length} characters; the target column {target.Name} ({target.DeclaredType}) holds at most {max}; it would be truncated."
                    : null;
            case PortableType.Decimal when target.Precision is int precision:
                var scale = target.Scale ?? 0;
                return value => DecimalProblem(value, precision, scale, target);
            case PortableType.Int16 or PortableType.Int32:
                var (min, maxValue) = target.Type == PortableType.Int16 ? (short.MinValue, (long)short.MaxValue) : (int.MinValue, (long)int.MaxValue);
                return value => value is long or int or short && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) is var n && (n < min || n > maxValue)
                    ? $"{n} is out of the range of the target column {target.Name} ({target.DeclaredType})."
                    : null;
            case PortableType.DateTime or PortableType.DateTimeOffset or PortableType.Time when target.FractionDigits is not null || target.MinDate is not null || target.MaxDate is not null:
                return value => TemporalProblem(value, target);
            default:
                return null;
        }
    }

    private static string? DecimalProblem(object value, int precision, int scale, TargetColumn target)
    {
        var number = Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);
        if (decimal.Round(number, Math.Min(scale, 28)) != number)
        {
            return $"{number} has more than {scale} digits after the point; the target column {target.Name} ({target.DeclaredType}) would round it.";
        }

        var integerDigits = precision - scale;
        var limit = integerDigits >= 29 ? decimal.MaxValue : Pow10(integerDigits);
        return Math.Abs(decimal.Truncate(number)) >= limit
            ? $"{number} has more than {integerDigits} digits before the point; it does not fit the target column {target.Name} ({target.DeclaredType})."
            : null;
    }

    private static string? TemporalProblem(object value, TargetColumn target)
    {
        var (ticks, date) = value switch
        {
            DateTime time => (time.Ticks, (DateTime?)time),
            DateTimeOffset offset => (offset.Ticks, (DateTime?)offset.UtcDateTime),
            TimeOnly time => (time.Ticks, null),
            _ => (0L, null),
        };
        if (target.FractionDigits is int digits && digits < 7 && ticks % TickDivisors[digits] != 0)
        {
            return $"{value:o} has more than {digits} fractional digits of a second; the target column {target.Name} ({target.DeclaredType}) would round it.";
        }

        if (date is DateTime d && ((target.MinDate is DateTime min && d < min) || (target.MaxDate is DateTime max && d > max)))
        {
            return $"{value:o} is outside the range of the target column {target.Name} ({target.DeclaredType}).";
        }

        return null;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static string Name(PortableType type) => type.ToString().ToLowerInvariant();

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
