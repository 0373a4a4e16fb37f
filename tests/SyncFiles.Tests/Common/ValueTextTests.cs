using System.Text;
using CsCheck;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Tests.Common;

public sealed class ValueTextTests
{
    private static object RoundTrip(object value, ColumnSchema column)
    {
        var text = ValueText.Format(value, column);
        Assert.True(ValueText.TryParse(Encoding.UTF8.GetBytes(text), column, out var parsed, out var problem), $"'{text}' did not parse: {problem}");
        return parsed!;
    }

    [Fact]
    public void Decimals_round_trip_exactly_and_keep_their_declared_scale()
    {
        var column = new ColumnSchema("amount", PortableType.Decimal, false, Precision: 29, Scale: 4);
        Gen.Decimal.Sample(value =>
        {
            Assert.Equal(value, (decimal)RoundTrip(value, column));
        }, iter: 2000);

        Assert.Equal("12.5000", ValueText.FormatDecimal(12.5m, 4));
        Assert.Equal("-0.0001", ValueText.FormatDecimal(-0.0001m, 4));
        Assert.Equal("79228162514264337593543950335.0000"[..29], ValueText.FormatDecimal(decimal.MaxValue, 4)[..29]);
        // More digits than the declared scale are kept, never rounded away.
        Assert.Equal("1.23456", ValueText.FormatDecimal(1.23456m, 2));
    }

    [Fact]
    public void Floats_round_trip_bit_for_bit()
    {
        var f64 = new ColumnSchema("ratio", PortableType.Float64, false);
        Gen.Double.Sample(value =>
        {
            var parsed = (double)RoundTrip(value, f64);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(parsed));
        }, iter: 2000);

        var f32 = new ColumnSchema("ratio", PortableType.Float32, false);
        Gen.Float.Sample(value => Assert.Equal(BitConverter.SingleToInt32Bits(value), BitConverter.SingleToInt32Bits((float)RoundTrip(value, f32))), iter: 2000);
        Assert.Equal(double.PositiveInfinity, RoundTrip(double.PositiveInfinity, f64));
        Assert.Equal(double.MinValue, RoundTrip(double.MinValue, f64));
    }

    [Fact]
    public void Dates_and_times_keep_every_tick_and_the_offset()
    {
        var dateTime = new ColumnSchema("stamp", PortableType.DateTime, false);
        Gen.DateTime.Sample(value =>
        {
            var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
            Assert.Equal(unspecified.Ticks, ((DateTime)RoundTrip(unspecified, dateTime)).Ticks);
        }, iter: 2000);

        var offset = new ColumnSchema("stamp", PortableType.DateTimeOffset, false);
        Gen.DateTimeOffset.Sample(value =>
        {
            var parsed = (DateTimeOffset)RoundTrip(value, offset);
            Assert.Equal(value.Ticks, parsed.Ticks);
            Assert.Equal(value.Offset, parsed.Offset);
        }, iter: 2000);

        var date = new ColumnSchema("day", PortableType.Date, false);
        Gen.DateOnly.Sample(value => Assert.Equal(value, RoundTrip(value, date)), iter: 500);
        var time = new ColumnSchema("at", PortableType.Time, false);
        Gen.TimeOnly.Sample(value => Assert.Equal(value, RoundTrip(value, time)), iter: 500);

        Assert.Equal("0001-01-01T00:00:00", ValueText.Format(DateTime.MinValue, dateTime));
        Assert.Equal("9999-12-31T23:59:59.9999999", ValueText.Format(DateTime.MaxValue, dateTime));
        Assert.Equal("2026-11-26T10:15:00.123+05:30", ValueText.Format(new DateTimeOffset(2026, 11, 26, 10, 15, 0, 123, TimeSpan.FromMinutes(330)), offset));
    }

    [Fact]
    public void Integers_guids_booleans_and_binary_round_trip()
    {
        Gen.Long.Sample(value => Assert.Equal(value, RoundTrip(value, new ColumnSchema("n", PortableType.Int64, false))), iter: 1000);
        Gen.Short.Sample(value => Assert.Equal(value, RoundTrip(value, new ColumnSchema("n", PortableType.Int16, false))), iter: 500);
        Gen.Guid.Sample(value => Assert.Equal(value, RoundTrip(value, new ColumnSchema("g", PortableType.Guid, false))), iter: 500);
        Gen.Byte.Array.Sample(value => Assert.Equal(value, RoundTrip(value, new ColumnSchema("b", PortableType.Binary, false))), iter: 500);
        Assert.Equal(true, RoundTrip(true, new ColumnSchema("f", PortableType.Boolean, false)));
        Assert.Equal("false", ValueText.Format(false, new ColumnSchema("f", PortableType.Boolean, false)));
    }

    [Theory]
    [InlineData(PortableType.Date)]
    [InlineData(PortableType.DateTime)]
    [InlineData(PortableType.DateTimeOffset)]
    public void PostgreSQLs_infinities_are_dates_of_their_own_never_a_real_date(PortableType type)
    {
        var column = new ColumnSchema("c", type, false);

        Assert.Same(TemporalInfinity.Positive, RoundTrip(TemporalInfinity.Positive, column));
        Assert.Same(TemporalInfinity.Negative, RoundTrip(TemporalInfinity.Negative, column));
        Assert.Equal("infinity", ValueText.Format(TemporalInfinity.Positive, column));
        Assert.Equal("-infinity", ValueText.Format(TemporalInfinity.Negative, column));
        foreach (var other in new[] { "Infinity", "+infinity", "infinity ", "-Infinity", "inf" })
        {
            Assert.False(ValueText.TryParse(Encoding.UTF8.GetBytes(other), column, out _, out _), other);
        }
    }

    [Fact]
    public void A_time_has_no_infinity()
    {
        Assert.False(ValueText.TryParse("infinity"u8, new ColumnSchema("c", PortableType.Time, false), out _, out _));
    }

    [Theory]
    [InlineData(PortableType.Int32, "12.5")]
    [InlineData(PortableType.Int32, "2147483648")]
    [InlineData(PortableType.Int64, " 1")]
    [InlineData(PortableType.Boolean, "True")]
    [InlineData(PortableType.Boolean, "1")]
    [InlineData(PortableType.Decimal, "1,5")]
    [InlineData(PortableType.Decimal, "1e5")]
    [InlineData(PortableType.Date, "26/11/2026")]
    [InlineData(PortableType.DateTime, "2026-11-26 10:00:00")]
    [InlineData(PortableType.DateTime, "2026-11-26T10:00:00+01:00")]
    [InlineData(PortableType.Guid, "not-a-guid")]
    [InlineData(PortableType.Binary, "@@@")]
    public void Text_that_is_not_a_value_of_the_type_is_refused(PortableType type, string text)
    {
        Assert.False(ValueText.TryParse(Encoding.UTF8.GetBytes(text), new ColumnSchema("c", type, false), out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem?.English));
    }
}
