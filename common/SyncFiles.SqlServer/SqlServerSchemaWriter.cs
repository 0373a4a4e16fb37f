using System.Globalization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.SqlServer;

/// <summary>
/// SQL Server DDL for a bundle's tables: each portable type as SQL Server's own (decimal(p,s),
/// nvarchar(n) or nvarchar(max), datetime2(7), datetimeoffset(7), varbinary, uniqueidentifier...).
/// xml, hierarchyid, geography and geometry from a SQL Server site keep their type; any other
/// source type travels as text and gets nvarchar(max). A key column cannot be (max): an unbounded
/// string in the key gets nvarchar(450), the widest a key index takes (900 bytes), and a longer
/// value is refused by the importer rather than cut.
/// </summary>
public sealed class SqlServerSchemaWriter : ITargetSchemaWriter
{
    /// <summary>The characters of an unbounded key string: 900 bytes of key, two per character.</summary>
    public const int MaxKeyStringLength = 450;

    /// <summary>Digits of a decimal whose precision the bundle does not declare (a SQLite NUMERIC): 38 in all, 18 after the point.</summary>
    public const string UndeclaredDecimal = "decimal(38,18)";

    public string SiteColumnType => "varchar(32)";

    public string ColumnType(ManifestColumn column, string? nativeType, bool isKey) => column.Type switch
    {
        _ when nativeType is not null => nativeType,
        PortableType.String when column.SourceType is not null => isKey ? Bounded("nvarchar", MaxKeyStringLength) : "nvarchar(max)",
        PortableType.Boolean => "bit",
        PortableType.Int16 => "smallint",
        PortableType.Int32 => "int",
        PortableType.Int64 => "bigint",
        PortableType.Decimal when column.Precision is int precision => string.Create(CultureInfo.InvariantCulture, $"decimal({precision},{column.Scale ?? 0})"),
        PortableType.Decimal => UndeclaredDecimal,
        PortableType.Float32 => "real",
        PortableType.Float64 => "float",
        PortableType.String when column.Length is int length and <= 4000 => Bounded("nvarchar", length),
        PortableType.String => isKey ? Bounded("nvarchar", MaxKeyStringLength) : "nvarchar(max)",
        PortableType.Date => "date",
        PortableType.Time => "time(7)",
        PortableType.DateTime => "datetime2(7)",
        PortableType.DateTimeOffset => "datetimeoffset(7)",
        PortableType.Guid => "uniqueidentifier",
        PortableType.Binary when column.Length is int length and <= 8000 => Bounded("varbinary", length),
        PortableType.Binary => isKey ? Bounded("varbinary", 900) : "varbinary(max)",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no SQL Server type for this portable type"),
    };

    public IReadOnlyList<string> CreateTable(NewTable table)
    {
        var lines = table.Columns.Select(c => $"    {SqlServerIdentifier.Quote(c.Name)} {c.Type} {(c.Nullable ? "NULL" : "NOT NULL")}")
            .Append($"    PRIMARY KEY ({SqlServerIdentifier.QuoteList(table.PrimaryKey)})");
        var statements = new List<string> { $"CREATE TABLE {SqlServerIdentifier.Quote(table.Name)} (\n{string.Join(",\n", lines)}\n)" };
        statements.AddRange(table.IndexedColumns.Select(c => $"CREATE INDEX {SqlServerIdentifier.Quote(table.IndexName(c))} ON {SqlServerIdentifier.Quote(table.Name)} ({SqlServerIdentifier.Quote(c)})"));
        return statements;
    }

    public string AddColumn(string table, NewColumn column) =>
        $"ALTER TABLE {SqlServerIdentifier.Quote(table)} ADD {SqlServerIdentifier.Quote(column.Name)} {column.Type} {(column.Nullable ? "NULL" : "NOT NULL")}";

    /// <summary>The source types SQL Server carries as its own text and reads back into the same type.</summary>
    public static bool IsNativeTextType(string sourceType) => sourceType is "xml" or "hierarchyid" or "geography" or "geometry";

    private static string Bounded(string type, int length) => string.Create(CultureInfo.InvariantCulture, $"{type}({length})");
}
