using System.Globalization;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Importer.Import;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// The numeric(p,s) and integer range checks refuse exactly what they refused when every decimal
/// was rounded and truncated first: edges (scale 0 and 28, precision past 28, negative zero, the
/// decimal and Int64 limits) and seeded random values, against that rule written out here.
/// </summary>
public sealed class ValueFitRangeTests
{
    private static readonly (int Precision, int Scale)[] Columns =
        [(1, 0), (2, 2), (3, 3), (5, 2), (10, 0), (18, 4), (19, 9), (28, 0), (28, 28), (29, 0), (30, 2), (38, 10), (38, 28), (40, 35), (1000, 0)];

    [Fact]
    public void Decimal_edges_are_refused_as_before()
    {
        decimal[] values =
        [
            0m, -0m, 0.000m, -0.0m, 1m, -1m, 0.5m, 0.05m, 0.005m, 0.99m, 0.999m, 1.0m, 9.9m, 9.99m, 10m, 99.99m, 99.995m, 100m,
            999.994m, 999.995m, 1000.00m, 0.0000000000000000000000000001m, 9999999999.5m, 9999999999m, 10000000000m,
            99999999999999999999999999.99m, decimal.MaxValue, decimal.MinValue, decimal.MaxValue - 1, decimal.MinValue + 1,
            7.9228162514264337593543950335m, 123456789012345678.9012345678m, -123456789012345678.9012345678m,
        ];
        foreach (var (precision, scale) in Columns)
        {
            foreach (var value in values)
            {
                AssertSameDecimalVerdict(value, precision, scale);
                AssertSameDecimalVerdict(-value, precision, scale);
            }
        }
    }

    [Fact]
    public void Random_decimals_of_every_scale_are_refused_as_before()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 20000; i++)
        {
            var value = new decimal(random.Next(), random.Next(), random.Next(4), random.Next(2) == 0, (byte)random.Next(29));
            var (precision, scale) = Columns[random.Next(Columns.Length)];
            AssertSameDecimalVerdict(value, precision, scale);
        }
    }

    [Fact]
    public void Integers_are_refused_as_before_at_the_limits()
    {
        object[] values =
        [
            0, 1, -1, short.MaxValue, short.MinValue, short.MaxValue + 1, short.MinValue - 1, int.MaxValue, int.MinValue,
            (long)int.MaxValue + 1, (long)int.MinValue - 1, long.MaxValue, long.MinValue, (short)-5, (short)short.MaxValue,
            32767L, -32768L, 32768L, -32769L, 1.5m, "12",
        ];
        foreach (var type in new[] { PortableType.Int16, PortableType.Int32 })
        {
            var check = ValueFit.ValueCheck(new TargetColumn("n", type.ToString(), true, false, type))!;
            var (min, max) = type == PortableType.Int16 ? (short.MinValue, (long)short.MaxValue) : (int.MinValue, (long)int.MaxValue);
            foreach (var value in values)
            {
                var refusedBefore = value is long or int or short && Convert.ToInt64(value, CultureInfo.InvariantCulture) is var n && (n < min || n > max);
                Assert.True(refusedBefore == check(value) is not null, $"{type} {value} ({value.GetType().Name}): refused before {refusedBefore}, now {check(value)}");
            }
        }
    }

    private static void AssertSameDecimalVerdict(decimal value, int precision, int scale)
    {
        var target = new TargetColumn("montant", $"numeric({precision},{scale})", true, false, PortableType.Decimal, Precision: precision, Scale: scale);
        var now = ValueFit.ValueCheck(target)!(value);
        var before = DecimalProblemBefore(value, precision, scale);
        Assert.True(before == (now is null ? null : now.Contains("after the point", StringComparison.Ordinal) ? "after" : "before"), $"{value.ToString(CultureInfo.InvariantCulture)} into numeric({precision},{scale}): before {before ?? "fits"}, now {now ?? "fits"}");
    }

    // The rule as it was written before the fast path (ValueFit.DecimalProblem at 65589ab).
    private static string? DecimalProblemBefore(decimal number, int precision, int scale)
    {
        if (decimal.Round(number, Math.Min(scale, 28)) != number)
        {
            return "after";
        }

        var integerDigits = precision - scale;
        var limit = integerDigits >= 29 ? decimal.MaxValue : Pow10(integerDigits);
        return Math.Abs(decimal.Truncate(number)) >= limit ? "before" : null;
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
}
