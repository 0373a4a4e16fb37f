using SyncFiles.Postgres;

namespace SyncFiles.Tests.Postgres;

/// <summary>A manifest's source type reaches PostgreSQL's DDL only when it reads as a plain type name.</summary>
public sealed class PostgresSchemaWriterTests
{
    [Theory]
    [InlineData("mpaa_rating")]
    [InlineData("integer[]")]
    [InlineData("character varying(20)[]")]
    [InlineData("numeric(38,0)")]
    [InlineData("timestamp(3) with time zone")]
    [InlineData("public.\"My Type\"")]
    [InlineData("double precision[][]")]
    public void A_type_name_as_format_type_prints_it_is_kept(string sourceType) =>
        Assert.True(PostgresSchemaWriter.IsPlainTypeName(sourceType), sourceType);

    [Theory]
    [InlineData("integer); DROP TABLE x; --")]
    [InlineData("text DEFAULT 'x'")]
    [InlineData("\"a\"\"b\"")]
    [InlineData("int -- comment")]
    [InlineData("text COLLATE \"C\"")]
    [InlineData("int[]; SELECT 1")]
    public void Anything_else_is_never_written_into_ddl(string sourceType) =>
        Assert.False(PostgresSchemaWriter.IsPlainTypeName(sourceType), sourceType);
}
