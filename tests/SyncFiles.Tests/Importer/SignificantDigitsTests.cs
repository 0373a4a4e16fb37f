using System.Globalization;
using CsCheck;
using SyncFiles.Importer.Import;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// ValueFit counts a decimal's significant digits on its mantissa, not its text: the count must be
/// the one its invariant text gives (leading zeros, the point and trailing zeros left out).
/// </summary>
public sealed class SignificantDigitsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0.000", 0)]
    [InlineData("-0.0120", 2)]
    [InlineData("12.50", 3)]
    [InlineData("1000", 1)]
    [InlineData("123456789012345", 15)]
    [InlineData("1234567890.123456", 16)]
    [InlineData("79228162514264337593543950335", 29)]
    [InlineData("7922816251426433759354395033.5", 29)]
    [InlineData("79228162514264337593543950330", 28)]
    [InlineData("0.0000000000000000000000000001", 1)]
    public void Significant_digits_are_those_of_the_written_number(string text, int expected)
    {
        var number = decimal.Parse(text, CultureInfo.InvariantCulture);

        Assert.Equal(expected, ValueFit.SignificantDigits(number));
    }

    [Fact]
    public void Any_decimal_counts_as_its_text_does()
    {
        Gen.Decimal.Sample(number => Assert.Equal(CountInText(number), ValueFit.SignificantDigits(number)), iter: 20_000);

        // Mostly 64-bit mantissas at every scale, as bundles carry them.
        Gen.Select(Gen.Long, Gen.Int[0, 28], (mantissa, scale) => new decimal((int)mantissa, (int)(mantissa >> 32), 0, scale % 2 == 0, (byte)scale))
            .Sample(number => Assert.Equal(CountInText(number), ValueFit.SignificantDigits(number)), iter: 20_000);
    }

    private static int CountInText(decimal number)
    {
        var significant = 0;
        var seenNonZero = false;
        var trailingZeros = 0;
        foreach (var c in number.ToString(CultureInfo.InvariantCulture).TrimStart('-'))
        {
            if (c == '.' || (c == '0' && !seenNonZero))
            {
                continue;
            }

            seenNonZero = true;
            significant++;
            trailingZeros = c == '0' ? trailingZeros + 1 : 0;
        }

        return significant - trailingZeros;
    }
}
