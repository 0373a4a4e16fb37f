using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Importer.Import;
using SyncFiles.Sqlite;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Values one engine has and another lacks, judged before anything is written: the message is the
/// part after "bundle, table, line, column" (BundleTableReader adds those; EdgeValueScenarios shows
/// the whole of it on real databases).
/// </summary>
public sealed class ValueFitTests
{
    // As SqlServerTypeMapper describes them: SQL Server has no infinite date and no NaN or infinite float.
    private static readonly TargetColumn SqlServerDateTime2 = new("echeance", "datetime2(7)", true, false, PortableType.DateTime, FractionDigits: 7);
    private static readonly TargetColumn SqlServerDate = new("jour", "date", true, false, PortableType.Date);
    private static readonly TargetColumn SqlServerOffset = new("horodatage", "datetimeoffset(7)", true, false, PortableType.DateTimeOffset, FractionDigits: 7);
    private static readonly TargetColumn SqlServerFloat = new("mesure", "float", true, false, PortableType.Float64);

    [Fact]
    public void PostgreSQLs_infinities_are_refused_by_a_SQL_Server_date_column()
    {
        Assert.Equal(
            "infinity (PostgreSQL's infinite date) cannot be stored in the target column echeance (datetime2(7)): it has no infinity.",
            ValueFit.ValueCheck(SqlServerDateTime2)!(TemporalInfinity.Positive));
        Assert.Equal(
            "-infinity (PostgreSQL's minus infinite date) cannot be stored in the target column jour (date): it has no infinity.",
            ValueFit.ValueCheck(SqlServerDate)!(TemporalInfinity.Negative));
        Assert.NotNull(ValueFit.ValueCheck(SqlServerOffset)!(TemporalInfinity.Positive));

        // Real sentinel dates are dates, and fit.
        Assert.Null(ValueFit.ValueCheck(SqlServerDateTime2)!(new DateTime(9999, 12, 31)));
        Assert.Null(ValueFit.ValueCheck(SqlServerDate)!(DateOnly.MinValue));
    }

    [Fact]
    public void NaN_and_infinite_floats_are_refused_by_a_SQL_Server_float_column()
    {
        var check = ValueFit.ValueCheck(SqlServerFloat)!;

        Assert.Equal("NaN cannot be stored in the target column mesure (float): it has no NaN.", check(double.NaN));
        Assert.Equal("Infinity cannot be stored in the target column mesure (float): it has no infinity.", check(double.PositiveInfinity));
        Assert.Equal("-Infinity cannot be stored in the target column mesure (float): it has no infinity.", check(float.NegativeInfinity));
        Assert.Null(check(1.5e300));
    }

    [Fact]
    public void A_PostgreSQL_column_takes_infinities_and_NaN()
    {
        var date = new TargetColumn("d", "date", true, false, PortableType.Date) { TakesInfinity = true, TakesNaN = true, TakesFloatInfinity = true };
        var real = new TargetColumn("f", "float8", true, false, PortableType.Float64) { TakesInfinity = true, TakesNaN = true, TakesFloatInfinity = true };

        Assert.Null(ValueFit.ValueCheck(date));
        Assert.Null(ValueFit.ValueCheck(real));
    }

    [Theory]
    [InlineData("DECIMAL(38,10)")]
    [InlineData("NUMERIC")]
    [InlineData("MONEY")]
    public void A_SQLite_column_of_numeric_affinity_refuses_a_decimal_it_would_round(string declared)
    {
        var check = ValueFit.ValueCheck(SqliteTargetColumns.Describe("soldes", "montant", declared, nullable: true, hasDefault: false))!;

        Assert.Equal(
            $"the value has 28 significant digits; the target column montant ({declared}) keeps 15 and would round it (declare the column TEXT to keep every digit).",
            check(1234567890123456789012345678m));
        Assert.NotNull(check(1234567890.1234567m));
        Assert.NotNull(check(12345678901234567.0m));

        // 15 significant digits, trailing zeros aside, and whole numbers that fit 64 bits are kept exactly.
        Assert.Null(check(123456789012.345m));
        Assert.Null(check(0.0000000001m));
        Assert.Null(check(1230000000000000000000000000m));
        Assert.Null(check(-9223372036854775808m));
        Assert.Null(check(1.50000000000000000000m));
    }

    [Fact]
    public void A_SQLite_REAL_column_rounds_whole_numbers_too_and_stores_no_NaN()
    {
        var real = SqliteTargetColumns.Describe("t", "v", "REAL", nullable: true, hasDefault: false);

        Assert.Equal("NaN cannot be stored in the target column v (REAL): it has no NaN.", ValueFit.ValueCheck(real)!(double.NaN));
        Assert.Null(ValueFit.ValueCheck(real)!(double.NegativeInfinity));
    }

    [Theory]
    [InlineData("TEXT")]
    [InlineData("VARCHAR(40)")]
    [InlineData("")]
    [InlineData("BLOB")]
    public void A_SQLite_column_of_text_or_blob_affinity_keeps_every_digit(string declared)
    {
        var column = SqliteTargetColumns.Describe("soldes", "montant", declared, nullable: true, hasDefault: false);

        Assert.Null(column.SignificantDigits);
        Assert.Null(ValueFit.ValueCheck(column)?.Invoke(1234567890123456789012345678m));
    }

    [Fact]
    public void A_SQLite_date_column_takes_PostgreSQLs_infinities_as_text()
    {
        var column = SqliteTargetColumns.Describe("edge", "d", "DATE", nullable: true, hasDefault: false);

        Assert.Null(ValueFit.ValueCheck(column)?.Invoke(TemporalInfinity.Positive));
    }
}
