using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Importer.Import;
using SyncFiles.Postgres;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Where a column carried as the source engine's own text (a string with a sourceType) may go,
/// decided before any row; and the PostgreSQL statements that stage such columns as text.
/// </summary>
public sealed class SourceTextFitTests
{
    private static ManifestColumn Native(string sourceType) => new() { Name = "c", Type = PortableType.String, Nullable = true, SourceType = sourceType };

    // As PostgresTargetTransaction describes its columns: every one reads text with its own type.
    private static TargetColumn Postgres(string declared, PortableType? type) => new("c", declared, true, false, type, AcceptsSourceText: true);

    [Theory]
    [InlineData("mpaa_rating", "mpaa_rating", null)]
    [InlineData("integer[]", "integer[]", null)]
    [InlineData("jsonb", "json", null)]
    [InlineData("numeric", "numeric(38,10)", PortableType.Decimal)]
    [InlineData("numeric(40,5)", "numeric", PortableType.Decimal)]
    [InlineData("interval", "text", PortableType.String)]
    [InlineData("interval", "character varying(40)", PortableType.String)]
    public void Native_text_goes_into_a_PostgreSQL_column_of_its_own_type_or_a_text_column(string sourceType, string declared, PortableType? type) =>
        Assert.Null(ValueFit.TypeProblem(Native(sourceType), Postgres(declared, type)));

    [Theory]
    [InlineData("interval", "integer", PortableType.Int32)]
    [InlineData("jsonb", "numeric(10,2)", PortableType.Decimal)]
    [InlineData("numeric", "double precision", PortableType.Float64)]
    [InlineData("tstzrange", "timestamp with time zone", PortableType.DateTimeOffset)]
    public void Native_text_is_refused_by_a_PostgreSQL_column_of_another_portable_type(string sourceType, string declared, PortableType type) =>
        Assert.Equal(
            $"the bundle carries the source's {sourceType} values as text, which the target's {declared} column does not take (a text column keeps the text as it is on any engine; a head office of the source's engine may also declare it {sourceType})",
            ValueFit.TypeProblem(Native(sourceType), Postgres(declared, type)));

    [Theory]
    [InlineData("TEXT", true)]
    [InlineData("VARCHAR(40)", true)]
    [InlineData("TEXT[]", true)]
    [InlineData("NVARCHAR(MAX)", true)]
    [InlineData("CLOB", true)]
    [InlineData("INTEGER", false)]
    [InlineData("POINT", false)]
    [InlineData("JSON", false)]
    [InlineData("NUMERIC", false)]
    [InlineData("REAL", false)]
    [InlineData("", false)]
    public void Native_text_goes_into_a_SQLite_column_only_where_SQLite_keeps_text(string declared, bool accepted)
    {
        var column = SyncFiles.Sqlite.SqliteTargetColumns.Describe("t", "c", declared, nullable: true, hasDefault: false);

        Assert.Equal(accepted, ValueFit.TypeProblem(Native("jsonb"), column) is null);
    }

    [Theory]
    [InlineData("1.12", null)]
    [InlineData("-12345678.10000", null)]
    [InlineData("NaN", null)]
    [InlineData("1.125", "the value has more than 2 digits after the point; the target column c (numeric(10,2)) would round it.")]
    [InlineData("123456789.5", "the value has more than 8 digits before the point; it does not fit the target column c (numeric(10,2)).")]
    [InlineData("1234567890123456789012345678901234567890", "the value has more than 8 digits before the point; it does not fit the target column c (numeric(10,2)).")]
    public void A_numeric_carried_as_text_is_held_to_the_target_numerics_digits_before_the_cast_could_round_it(string value, string? problem)
    {
        var check = ValueFit.ValueCheck(new TargetColumn("c", "numeric(10,2)", true, false, PortableType.Decimal, Precision: 10, Scale: 2, AcceptsSourceText: true))!;

        Assert.Equal(problem, check(value));
    }

    [Fact]
    public void A_value_of_a_portable_type_still_goes_into_a_PostgreSQL_domain_or_enum()
    {
        var bundle = new ManifestColumn { Name = "c", Type = PortableType.Int32, Nullable = true };

        Assert.Null(ValueFit.TypeProblem(bundle, Postgres("release_year", null)));
    }

    [Fact]
    public void Columns_staged_as_text_are_cast_to_the_target_type_and_compared_as_text()
    {
        var asText = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["rating"] = "mpaa_rating", ["tags"] = "text[]", ["cost"] = "money" };
        string[] columns = ["id", "rating", "tags", "cost", "note"];

        Assert.Equal(
            "CREATE TEMP TABLE \"s\" AS SELECT \"id\", NULL::text AS \"rating\", NULL::text AS \"tags\", NULL::text AS \"cost\", \"note\" FROM \"film\" WITH NO DATA",
            PostgresSql.CreateStaging("s", "film", columns, asText));
        var upsert = PostgresSql.Upsert("s", "film", columns, ["id"], asText);
        Assert.Contains("SELECT \"id\", \"rating\"::mpaa_rating, \"tags\"::text[], \"cost\"::numeric::money, \"note\" FROM pg_temp.\"s\"", upsert, StringComparison.Ordinal);
        Assert.Contains("WHERE (t.\"rating\"::text, t.\"tags\"::text, t.\"cost\"::text, t.\"note\") IS DISTINCT FROM (EXCLUDED.\"rating\"::text, EXCLUDED.\"tags\"::text, EXCLUDED.\"cost\"::text, EXCLUDED.\"note\")", upsert, StringComparison.Ordinal);
        Assert.Contains("s.\"rating\"::mpaa_rating = t.\"rating\"", PostgresSql.Delete("s", "film", ["rating"], null, staged: true, asText), StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_such_columns_is_staged_and_merged_exactly_as_before()
    {
        var none = new Dictionary<string, string>();
        string[] columns = ["id", "note"];

        Assert.Equal("CREATE TEMP TABLE \"s\" AS SELECT \"id\", \"note\" FROM \"film\" WITH NO DATA", PostgresSql.CreateStaging("s", "film", columns, none));
        Assert.Contains("SELECT \"id\", \"note\" FROM pg_temp.\"s\"", PostgresSql.Upsert("s", "film", columns, ["id"], none), StringComparison.Ordinal);
        Assert.Contains("WHERE (t.\"note\") IS DISTINCT FROM (EXCLUDED.\"note\")", PostgresSql.Upsert("s", "film", columns, ["id"], none), StringComparison.Ordinal);
    }
}
