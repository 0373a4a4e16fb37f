using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

public sealed class SqlServerTypeMapperTests
{
    [Theory]
    [InlineData("bit", 1, 1, 0, PortableType.Boolean, null, null, null)]
    [InlineData("tinyint", 1, 3, 0, PortableType.Int16, null, null, null)]
    [InlineData("smallint", 2, 5, 0, PortableType.Int16, null, null, null)]
    [InlineData("int", 4, 10, 0, PortableType.Int32, null, null, null)]
    [InlineData("bigint", 8, 19, 0, PortableType.Int64, null, null, null)]
    [InlineData("decimal", 9, 12, 2, PortableType.Decimal, null, 12, 2)]
    [InlineData("numeric", 13, 28, 0, PortableType.Decimal, null, 28, 0)]
    [InlineData("money", 8, 19, 4, PortableType.Decimal, null, 19, 4)]
    [InlineData("smallmoney", 4, 10, 4, PortableType.Decimal, null, 10, 4)]
    [InlineData("real", 4, 24, 0, PortableType.Float32, null, null, null)]
    [InlineData("float", 8, 53, 0, PortableType.Float64, null, null, null)]
    [InlineData("char", 3, 0, 0, PortableType.String, 3, null, null)]
    [InlineData("varchar", 40, 0, 0, PortableType.String, 40, null, null)]
    [InlineData("varchar", -1, 0, 0, PortableType.String, null, null, null)]
    [InlineData("nchar", 8, 0, 0, PortableType.String, 4, null, null)]
    [InlineData("nvarchar", 256, 0, 0, PortableType.String, 128, null, null)]
    [InlineData("nvarchar", -1, 0, 0, PortableType.String, null, null, null)]
    [InlineData("text", 16, 0, 0, PortableType.String, null, null, null)]
    [InlineData("ntext", 16, 0, 0, PortableType.String, null, null, null)]
    [InlineData("date", 3, 10, 0, PortableType.Date, null, null, null)]
    [InlineData("time", 5, 16, 7, PortableType.Time, null, null, null)]
    [InlineData("datetime", 8, 23, 3, PortableType.DateTime, null, null, null)]
    [InlineData("datetime2", 8, 27, 7, PortableType.DateTime, null, null, null)]
    [InlineData("smalldatetime", 4, 16, 0, PortableType.DateTime, null, null, null)]
    [InlineData("datetimeoffset", 10, 34, 7, PortableType.DateTimeOffset, null, null, null)]
    [InlineData("uniqueidentifier", 16, 0, 0, PortableType.Guid, null, null, null)]
    [InlineData("binary", 16, 0, 0, PortableType.Binary, 16, null, null)]
    [InlineData("varbinary", -1, 0, 0, PortableType.Binary, null, null, null)]
    [InlineData("image", 16, 0, 0, PortableType.Binary, null, null, null)]
    [InlineData("timestamp", 8, 0, 0, PortableType.Int64, null, null, null)]
    public void Catalog_types_map_to_portable_types(string type, int maxLength, int precision, int scale, PortableType portable, int? length, int? expectedPrecision, int? expectedScale)
    {
        var column = SqlServerTypeMapper.Map("t", new SqlServerCatalogColumn("c", type, maxLength, precision, scale, Nullable: true));

        Assert.Equal(new ColumnSchema("c", portable, true, length, expectedPrecision, expectedScale), column);
    }

    [Theory]
    [InlineData("xml", -1)]
    [InlineData("hierarchyid", 892)]
    [InlineData("geography", -1)]
    [InlineData("geometry", -1)]
    public void Types_without_a_portable_equivalent_travel_as_text_with_their_sql_server_type(string type, int maxLength)
    {
        var column = SqlServerTypeMapper.Map("t", new SqlServerCatalogColumn("c", type, maxLength, Nullable: false));

        Assert.Equal(new ColumnSchema("c", PortableType.String, false, SourceType: type), column);
    }

    [Fact]
    public void An_alias_type_maps_as_its_base_type_which_the_catalog_names()
    {
        // DescribeColumns reads an alias type (CREATE TYPE phone FROM nvarchar(20)) as its base type.
        var column = SqlServerTypeMapper.Map("t", new SqlServerCatalogColumn("phone", "nvarchar", 40));

        Assert.Equal(new ColumnSchema("phone", PortableType.String, true, Length: 20), column);
    }

    [Fact]
    public void Sql_variant_is_refused_with_the_reason_naming_table_and_column()
    {
        var error = Assert.Throws<SyncFilesException>(() => SqlServerTypeMapper.Map("settings", new SqlServerCatalogColumn("value", "sql_variant", 8016)));

        Assert.Contains("Table settings, column value: sql_variant", error.Message, StringComparison.Ordinal);
        Assert.Contains("base type", error.Message, StringComparison.Ordinal);
        Assert.Contains("CONVERT(nvarchar(4000), [value])", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sql_variant", 0)]
    [InlineData("json", 0)]
    [InlineData("my_clr_type", 0)]
    [InlineData("decimal", 29)]
    [InlineData("numeric", 38)]
    public void Types_without_a_portable_equivalent_are_refused_naming_table_column_and_type(string type, int precision)
    {
        var column = new SqlServerCatalogColumn("forme", type, Precision: precision, Scale: precision == 0 ? 0 : 2);

        var error = Assert.Throws<SyncFilesException>(() => SqlServerTypeMapper.Map("articles", column));

        Assert.Contains("Table articles, column forme", error.Message, StringComparison.Ordinal);
        Assert.Contains(column.DeclaredType, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decimal_too_wide_for_dotnet_is_refused_with_the_reason()
    {
        var error = Assert.Throws<SyncFilesException>(() => SqlServerTypeMapper.Map("invoices", new SqlServerCatalogColumn("total", "decimal", Precision: 38, Scale: 10)));

        Assert.Contains("decimal(38,10)", error.Message, StringComparison.Ordinal);
        Assert.Contains("28", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_datetime_limits_are_its_range_and_three_fraction_digits()
    {
        var column = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("created", "datetime", 8, 23, 3, Nullable: false));

        Assert.Equal(PortableType.DateTime, column.Type);
        Assert.Equal(3, column.FractionDigits);
        Assert.Equal(new DateTime(1753, 1, 1), column.MinDate);
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, 997), column.MaxDate);
        Assert.Equal("datetime", column.DeclaredType);
        Assert.False(column.Nullable);
    }

    [Fact]
    public void Target_smalldatetime_keeps_no_fraction_and_a_short_range()
    {
        var column = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("minute", "smalldatetime"));

        Assert.Equal(0, column.FractionDigits);
        Assert.Equal(new DateTime(1900, 1, 1), column.MinDate);
        Assert.Equal(new DateTime(2079, 6, 6, 23, 59, 0), column.MaxDate);
    }

    [Theory]
    [InlineData("datetime2", 3, PortableType.DateTime)]
    [InlineData("time", 0, PortableType.Time)]
    [InlineData("datetimeoffset", 7, PortableType.DateTimeOffset)]
    public void Target_fraction_digits_are_the_declared_scale(string type, int scale, PortableType portable)
    {
        var column = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("at", type, Scale: scale));

        Assert.Equal(portable, column.Type);
        Assert.Equal(scale, column.FractionDigits);
        Assert.Null(column.MinDate);
    }

    [Fact]
    public void Target_limits_of_strings_and_decimals_are_in_characters_and_digits()
    {
        var name = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("name", "nvarchar", MaxLength: 80));
        var notes = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("notes", "varchar", MaxLength: -1));
        var amount = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("amount", "decimal", Precision: 12, Scale: 2));

        Assert.Equal((PortableType.String, 40, "nvarchar(40)"), (name.Type!.Value, name.MaxLength!.Value, name.DeclaredType));
        Assert.Null(notes.MaxLength);
        Assert.Equal("varchar(max)", notes.DeclaredType);
        Assert.Equal((PortableType.Decimal, 12, 2), (amount.Type!.Value, amount.Precision!.Value, amount.Scale!.Value));
    }

    [Theory]
    [InlineData(false, false, false, false, false)]
    [InlineData(true, false, false, false, true)]
    [InlineData(false, true, false, false, true)]
    [InlineData(false, false, true, false, true)]
    public void Identity_computed_and_default_columns_fill_themselves(bool hasDefault, bool identity, bool computed, bool nullable, bool expected)
    {
        var column = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("id", "int", Nullable: nullable, IsIdentity: identity, IsComputed: computed, HasDefault: hasDefault));

        Assert.Equal(expected, column.HasDefault);
    }

    [Fact]
    public void Target_columns_without_a_portable_type_are_described_without_one()
    {
        Assert.Null(SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("value", "sql_variant", MaxLength: 8016)).Type);
        var rowversion = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("rv", "timestamp", MaxLength: 8, Nullable: false));
        Assert.Null(rowversion.Type);
        Assert.True(rowversion.HasDefault);
    }

    [Theory]
    [InlineData("tinyint", 1, 0, 0, null, "smallint")]
    [InlineData("nvarchar", 80, 0, 0, "Latin1_General_CI_AS", "nvarchar(40) COLLATE Latin1_General_CI_AS")]
    [InlineData("char", 3, 0, 0, "French_CS_AS", "char(3) COLLATE French_CS_AS")]
    [InlineData("varbinary", -1, 0, 0, null, "varbinary(max)")]
    [InlineData("decimal", 9, 12, 2, null, "decimal(12,2)")]
    [InlineData("datetime2", 8, 27, 3, null, "datetime2(3)")]
    [InlineData("text", 16, 0, 0, "Latin1_General_CI_AS", "varchar(max) COLLATE Latin1_General_CI_AS")]
    [InlineData("ntext", 16, 0, 0, "Latin1_General_CI_AS", "nvarchar(max) COLLATE Latin1_General_CI_AS")]
    [InlineData("image", 16, 0, 0, null, "varbinary(max)")]
    [InlineData("xml", -1, 0, 0, null, "nvarchar(max)")]
    [InlineData("hierarchyid", 892, 0, 0, null, "nvarchar(max)")]
    [InlineData("geography", -1, 0, 0, null, "nvarchar(max)")]
    [InlineData("geometry", -1, 0, 0, null, "nvarchar(max)")]
    [InlineData("smallmoney", 4, 10, 4, null, "smallmoney")]
    [InlineData("datetimeoffset", 10, 34, 7, null, "datetimeoffset(7)")]
    [InlineData("time", 5, 16, 7, null, "time(7)")]
    [InlineData("money", 8, 19, 4, null, "money")]
    public void Staging_columns_are_declared_as_the_target_declares_them(string type, int maxLength, int precision, int scale, string? collation, string expected)
    {
        Assert.Equal(expected, SqlServerTypeMapper.StagingType("t", new SqlServerCatalogColumn("c", type, maxLength, precision, scale, Collation: collation)));
    }

    [Theory]
    [InlineData("timestamp", false)]
    [InlineData("int", true)]
    [InlineData("my_clr_type", false)]
    public void Columns_that_cannot_be_written_are_refused_for_staging(string type, bool computed)
    {
        var error = Assert.Throws<SyncFilesException>(() => SqlServerTypeMapper.StagingType("stock", new SqlServerCatalogColumn("c", type, IsComputed: computed)));

        Assert.Contains("Table stock, column c", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("hierarchyid")]
    [InlineData("geography")]
    [InlineData("geometry")]
    public void Target_columns_written_from_text_take_strings_of_any_length(string type)
    {
        var column = SqlServerTypeMapper.Describe(new SqlServerCatalogColumn("c", type, MaxLength: -1));

        Assert.Equal(PortableType.String, column.Type);
        Assert.Null(column.MaxLength);
    }

    [Theory]
    [InlineData("xml", "CONVERT(xml, s.[c], 1)")]
    [InlineData("hierarchyid", "hierarchyid::Parse(s.[c])")]
    [InlineData("geography", "CASE WHEN s.[c] IS NULL THEN NULL WHEN s.[c] LIKE N'SRID=%;%' THEN geography::STGeomFromText(SUBSTRING(s.[c], CHARINDEX(N';', s.[c]) + 1, 2147483647), CAST(SUBSTRING(s.[c], 6, CHARINDEX(N';', s.[c]) - 6) AS int)) ELSE geography::Parse(s.[c]) END")]
    [InlineData("geometry", "CASE WHEN s.[c] IS NULL THEN NULL WHEN s.[c] LIKE N'SRID=%;%' THEN geometry::STGeomFromText(SUBSTRING(s.[c], CHARINDEX(N';', s.[c]) + 1, 2147483647), CAST(SUBSTRING(s.[c], 6, CHARINDEX(N';', s.[c]) - 6) AS int)) ELSE geometry::Parse(s.[c]) END")]
    [InlineData("money", "s.[c]")]
    [InlineData("datetimeoffset", "s.[c]")]
    public void Staged_values_are_converted_with_sql_servers_own_input_conversion(string type, string expected)
    {
        Assert.Equal(expected, SqlServerTypeMapper.StagedValue(new SqlServerCatalogColumn("c", type), "s"));
    }
}
