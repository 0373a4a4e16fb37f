using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.Sqlite;

namespace SyncFiles.Tests.Sqlite;

public sealed class SqliteTypeMapperTests
{
    [Theory]
    [InlineData("INTEGER", PortableType.Int64, null, null, null)]
    [InlineData("INT8", PortableType.Int64, null, null, null)]
    [InlineData("smallint", PortableType.Int16, null, null, null)]
    [InlineData("BOOLEAN", PortableType.Boolean, null, null, null)]
    [InlineData("DECIMAL(12, 2)", PortableType.Decimal, null, 12, 2)]
    [InlineData("NUMERIC(5)", PortableType.Decimal, null, 5, 0)]
    [InlineData("VARCHAR(120)", PortableType.String, 120, null, null)]
    [InlineData("NVARCHAR(10)", PortableType.String, 10, null, null)]
    [InlineData("TEXT", PortableType.String, null, null, null)]
    [InlineData("DATETIME2", PortableType.DateTime, null, null, null)]
    [InlineData("DATETIMEOFFSET", PortableType.DateTimeOffset, null, null, null)]
    [InlineData("DATE", PortableType.Date, null, null, null)]
    [InlineData("UUID", PortableType.Guid, null, null, null)]
    [InlineData("BLOB", PortableType.Binary, null, null, null)]
    [InlineData("DOUBLE PRECISION", PortableType.Float64, null, null, null)]
    public void Declared_types_map_to_portable_types(string declared, PortableType type, int? length, int? precision, int? scale)
    {
        var column = SqliteTypeMapper.Map("t", "c", declared, nullable: true);

        Assert.Equal(new ColumnSchema("c", type, true, length, precision, scale), column);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GEOMETRY")]
    [InlineData("VARCHAR(abc)")]
    public void Types_without_a_portable_equivalent_are_refused_naming_the_column(string declared)
    {
        var error = Assert.Throws<SyncFilesException>(() => SqliteTypeMapper.Map("articles", "forme", declared, nullable: true));

        Assert.Contains("Table articles, column forme", error.Message, StringComparison.Ordinal);
    }
}
