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
/// Values one engine has and another lacks are refused the same way: PostgreSQL's infinite dates on
/// SQL Server, float NaN on SQLite and SQL Server (and infinities on SQL Server), decimals with more
/// than the 15 significant digits a SQLite NUMERIC column keeps.
/// </summary>
public static class ValueFit
{
    private static readonly long[] TickDivisors = [10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    /// <summary>Null when values of <paramref name="bundle"/> may go into <paramref name="target"/>; otherwise why not.</summary>
    public static string? TypeProblem(ManifestColumn bundle, TargetColumn target)
    {
        if (bundle.Type == PortableType.String && bundle.SourceType is { } sourceType)
        {
            return SourceTextProblem(sourceType, target);
        }

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

    /// <summary>
    /// A column carried as the source engine's own text (an enum, an array, jsonb, an unbounded
    /// numeric: docs/bundle-format.md) goes into a text column as it is; into a column whose type
    /// the target reads from text itself (<see cref="TargetColumn.AcceptsSourceText"/>) when that
    /// type has no portable equivalent (PostgreSQL casts the text to an enum, an array, a domain:
    /// a value it cannot read rejects the bundle) or is the source's own type by name (numeric into
    /// numeric(38,10), compared without the modifier). Anything else would need a conversion
    /// SyncFiles does not make (jsonb into integer; an array into a SQLite INTEGER column).
    /// </summary>
    private static string? SourceTextProblem(string sourceType, TargetColumn target)
    {
        if (target.Type == PortableType.String
            || (target.AcceptsSourceText && (target.Type is null || string.Equals(TypeName(target.DeclaredType), TypeName(sourceType), StringComparison.Ordinal))))
        {
            return null;
        }

        return $"the bundle carries the source's {sourceType} values as text, which the target's {target.DeclaredType} column does not take (a text column keeps the text as it is on any engine; a head office of the source's engine may also declare it {sourceType})";
    }

    // A type's name without its modifier: numeric(38,10) -> numeric.
    private static string TypeName(string declared)
    {
        var parenthesis = declared.IndexOf('(', StringComparison.Ordinal);
        return (parenthesis < 0 ? declared : declared[..parenthesis]).Trim();
    }

    /// <summary>A check of each value against the target column's limits, or null when it has none.</summary>
    public static Func<object, string?>? ValueCheck(TargetColumn target)
    {
        var limits = LimitCheck(target);
        var special = SpecialValueCheck(target);
        if (limits is null || special is null)
        {
            return limits ?? special;
        }

        return value => special(value) ?? limits(value);
    }

    /// <summary>
    /// Values some engines have and others not: PostgreSQL's infinite dates, float NaN and
    /// infinities, and decimals with more significant digits than a SQLite column keeps.
    /// </summary>
    private static Func<object, string?>? SpecialValueCheck(TargetColumn target)
    {
        // A decimal goes only into a decimal column (TypeProblem), or into one whose declared type has
        // no portable meaning (SQLite): by the column's affinity, not its type.
        if (target.SignificantDigits is int digits && target.Type is PortableType.Decimal or null)
        {
            return value => value is decimal number ? DigitsProblem(number, digits, target) : null;
        }

        return target.Type switch
        {
            PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset when !target.TakesInfinity => value => value is TemporalInfinity infinity
                ? $"{infinity} (PostgreSQL's {(infinity.IsPositive ? "infinite" : "minus infinite")} date) cannot be stored in the target column {target.Name} ({target.DeclaredType}): it has no infinity."
                : null,
            PortableType.Float32 or PortableType.Float64 when !target.TakesNaN || !target.TakesFloatInfinity => value => FloatProblem(value, target),
            _ => null,
        };
    }

    private static string? FloatProblem(object value, TargetColumn target)
    {
        var number = value switch
        {
            double d => d,
            float f => f,
            _ => 0d,
        };
        if (double.IsNaN(number) && !target.TakesNaN)
        {
            return $"NaN cannot be stored in the target column {target.Name} ({target.DeclaredType}): it has no NaN.";
        }

        if (double.IsInfinity(number) && !target.TakesFloatInfinity)
        {
            return $"{(number > 0 ? "Infinity" : "-Infinity")} cannot be stored in the target column {target.Name} ({target.DeclaredType}): it has no infinity.";
        }

        return null;
    }

    private static string? DigitsProblem(decimal number, int digits, TargetColumn target)
    {
        if (target.KeepsInt64Exactly && number.Scale == 0 && number is >= long.MinValue and <= long.MaxValue)
        {
            return null;
        }

        var significant = SignificantDigits(number);
        return significant > digits
            ? $"the value has {significant} significant digits; the target column {target.Name} ({target.DeclaredType}) keeps {digits} and would round it (declare the column TEXT to keep every digit)."
            : null;
    }

    /// <summary>
    /// The digits of <paramref name="number"/> from its first non-zero digit to its last (0 for
    /// zero): those of its 96-bit mantissa without trailing zeros, whatever its scale. Counted on
    /// the integer, without making its text: this runs for every decimal bound for a SQLite column.
    /// </summary>
    internal static int SignificantDigits(decimal number)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(number, bits);
        if (bits[2] == 0)
        {
            // Almost every value: a 64-bit mantissa, divided by the processor.
            return SignificantDigits(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        }

        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var digits = 0;
        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
        }

        while (mantissa > ulong.MaxValue)
        {
            mantissa /= 10;
            digits++;
        }

        // The low digits dropped above were not zeros; what is left fits 64 bits.
        return digits + CountDigits((ulong)mantissa);
    }

    private static int SignificantDigits(ulong mantissa)
    {
        if (mantissa == 0)
        {
            return 0;
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
        }

        return CountDigits(mantissa);
    }

    private static int CountDigits(ulong value)
    {
        var digits = 0;
        do
        {
            value /= 10;
            digits++;
        }
        while (value != 0);
        return digits;
    }

    private static Func<object, string?>? LimitCheck(TargetColumn target)
    {
        switch (target.Type)
        {
            case PortableType.String when target.MaxLength is int max:
                return value => ValueText.FormatValue(value) is var text && text.Length > max
                    ? $"the value is {text.Length} characters; the target column {target.Name} ({target.DeclaredType}) holds at most {max}; it would be truncated."
                    : null;
            case PortableType.Decimal when target.Precision is int precision:
                var scale = target.Scale ?? 0;
                var integerDigits = precision - scale;
                var limit = integerDigits >= 29 ? decimal.MaxValue : Pow10(integerDigits);
                return value => DecimalProblem(value, precision, scale, limit, target);
            case PortableType.Int16 or PortableType.Int32:
                var (min, maxValue) = target.Type == PortableType.Int16 ? (short.MinValue, (long)short.MaxValue) : (int.MinValue, (long)int.MaxValue);
                return value => value switch { int n => n, long n => n, short n => n, _ => (long?)null } is long number && (number < min || number > maxValue)
                    ? $"the value is out of the range of the target column {target.Name} ({target.DeclaredType})."
                    : null;
            case PortableType.DateTime or PortableType.DateTimeOffset or PortableType.Time when target.FractionDigits is not null || target.MinDate is not null || target.MaxDate is not null:
                return value => TemporalProblem(value, target);
            default:
                return null;
        }
    }

    /// <param name="limit">10 to the power of the integer digits the column holds (decimal.MaxValue past 28): made once per column.</param>
    private static string? DecimalProblem(object value, int precision, int scale, decimal limit, TargetColumn target)
    {
        if (value is string text)
        {
            return DecimalTextProblem(text, precision, scale, target);
        }

        var number = value is decimal exact ? exact : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

        // A value written with no more decimals than the column keeps cannot be rounded by it: the
        // rounding (the costly test) is only for the others.
        if (number.Scale > scale && decimal.Round(number, Math.Min(scale, 28)) != number)
        {
            return $"the value has more than {scale} digits after the point; the target column {target.Name} ({target.DeclaredType}) would round it.";
        }

        var integerDigits = precision - scale;

        // limit is an integer, so |truncate(x)| >= limit exactly when |x| >= limit.
        return (number >= limit || number <= -limit)
            ? $"the value has more than {integerDigits} digits before the point; it does not fit the target column {target.Name} ({target.DeclaredType})."
            : null;
    }

    /// <summary>
    /// A numeric carried as the source's text (any number of digits, <c>NaN</c>) bound for a
    /// numeric(p,s) column, which would round extra decimals and refuse too many integer digits:
    /// checked on the digits themselves, since the value may not fit a .NET decimal. Text that is
    /// not plain digits (NaN, Infinity) is left to the target's own input.
    /// </summary>
    private static string? DecimalTextProblem(string text, int precision, int scale, TargetColumn target)
    {
        var digits = text.AsSpan().TrimStart('-').TrimStart('+');
        var point = digits.IndexOf('.');
        var integer = (point < 0 ? digits : digits[..point]).TrimStart('0');
        var fraction = point < 0 ? ReadOnlySpan<char>.Empty : digits[(point + 1)..].TrimEnd('0');
        foreach (var c in digits)
        {
            if (c is not (>= '0' and <= '9' or '.'))
            {
                return null;
            }
        }

        if (fraction.Length > scale)
        {
            return $"the value has more than {scale} digits after the point; the target column {target.Name} ({target.DeclaredType}) would round it.";
        }

        return integer.Length > precision - scale
            ? $"the value has more than {precision - scale} digits before the point; it does not fit the target column {target.Name} ({target.DeclaredType})."
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
            return $"the value has more than {digits} fractional digits of a second; the target column {target.Name} ({target.DeclaredType}) would round it.";
        }

        if (date is DateTime d && ((target.MinDate is DateTime min && d < min) || (target.MaxDate is DateTime max && d > max)))
        {
            return $"the value is outside the range of the target column {target.Name} ({target.DeclaredType}).";
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
}
