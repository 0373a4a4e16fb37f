using System.Globalization;
using System.Text;
using CsCheck;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Tests.Common;

/// <summary>
/// A bundle's date-times are read from their bytes without DateTime.TryParseExact when they have the
/// exporters' shape: the value, and the acceptance or refusal of any text, must be what
/// TryParseExact with the bundle format gives.
/// </summary>
public sealed class DateTimeParsingTests
{
    private static readonly ColumnSchema Column = new("stamp", PortableType.DateTime, false);

    private static void AssertSameAsTryParseExact(string text)
    {
        var expectedOk = DateTime.TryParseExact(text, ValueText.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected);
        var ok = ValueText.TryParse(Encoding.UTF8.GetBytes(text), Column, out var value, out var problem);
        if (expectedOk)
        {
            Assert.True(ok, $"'{text}' refused: {problem}");
            var parsed = Assert.IsType<DateTime>(value);
            Assert.Equal(expected.Ticks, parsed.Ticks);
            Assert.Equal(expected.Kind, parsed.Kind);
        }
        else if (ok)
        {
            // Only PostgreSQL's infinities are accepted beyond TryParseExact.
            Assert.IsType<TemporalInfinity>(value);
        }
    }

    [Theory]
    [InlineData("2025-01-01T00:00:00")]
    [InlineData("2025-01-01T00:00:00.1")]
    [InlineData("2025-01-01T00:00:00.123")]
    [InlineData("2025-01-01T00:00:00.1234567")]
    [InlineData("2025-01-01T00:00:00.0000000")]
    [InlineData("0001-01-01T00:00:00")]
    [InlineData("9999-12-31T23:59:59.9999999")]
    [InlineData("2024-02-29T12:30:45.5")]
    [InlineData("2023-02-29T12:30:45")]
    [InlineData("2025-13-01T00:00:00")]
    [InlineData("2025-00-01T00:00:00")]
    [InlineData("2025-04-31T00:00:00")]
    [InlineData("0000-01-01T00:00:00")]
    [InlineData("2025-01-01T24:00:00")]
    [InlineData("2025-01-01T23:60:00")]
    [InlineData("2025-01-01T23:59:60")]
    [InlineData("2025-01-01T00:00:00.")]
    [InlineData("2025-01-01T00:00:00.12345678")]
    [InlineData("2025-01-01 00:00:00")]
    [InlineData("2025-01-01t00:00:00")]
    [InlineData("2025-1-01T00:00:00")]
    [InlineData("2025-01-01T00:00:0a")]
    [InlineData("+025-01-01T00:00:00")]
    [InlineData("2025-01-01T00:00:00Z")]
    [InlineData("2025-01-01T00:00:00,5")]
    [InlineData("2025-01-01")]
    [InlineData("infinity")]
    [InlineData("-infinity")]
    public void Text_is_read_as_TryParseExact_reads_it(string text) => AssertSameAsTryParseExact(text);

    [Fact]
    public void Every_formatted_date_time_reads_back_with_every_tick()
    {
        Gen.DateTime.Sample(value =>
        {
            var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            var text = ValueText.FormatDateTime(unspecified);
            AssertSameAsTryParseExact(text);
            Assert.True(ValueText.TryParse(Encoding.UTF8.GetBytes(text), Column, out var parsed, out _));
            Assert.Equal(unspecified.Ticks, ((DateTime)parsed!).Ticks);
        }, iter: 5000);
    }

    [Fact]
    public void Text_of_the_shape_with_any_digits_reads_as_TryParseExact_reads_it()
    {
        Gen.Select(Gen.Char['0', '9'].Array[22], Gen.Int[0, 8])
            .Sample((c, fraction) =>
            {
                var text = $"{c[0]}{c[1]}{c[2]}{c[3]}-{c[4]}{c[5]}-{c[6]}{c[7]}T{c[8]}{c[9]}:{c[10]}{c[11]}:{c[12]}{c[13]}"
                    + (fraction > 0 ? "." + new string(c, 14, fraction) : string.Empty);
                AssertSameAsTryParseExact(text);
            }, iter: 5000);
    }
}
