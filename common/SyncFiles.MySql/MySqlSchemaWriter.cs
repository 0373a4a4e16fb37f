using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.MySql;

/// <summary>
/// MariaDB/MySQL DDL for a bundle's tables (InnoDB, utf8mb4): each portable type as the engine's
/// own (DECIMAL(p,s), VARCHAR(n) or LONGTEXT, DATETIME(6), TIMESTAMP(6) for an instant, CHAR(36)
/// for a GUID, LONGBLOB). A column from a MariaDB/MySQL site keeps its ENUM, SET or JSON type
/// (<see cref="MySqlTargetTransaction.NativeTypeAsync"/>).
/// </summary>
public sealed partial class MySqlSchemaWriter : ITargetSchemaWriter
{
    /// <summary>A key of text or bytes without a declared length gets this one: an index holds at most 3072 bytes (768 utf8mb4 characters) in all.</summary>
    public const int KeyLength = 255;

    public string SiteColumnType => "VARCHAR(32)";

    public string ColumnType(ManifestColumn column, string? nativeType, bool isKey) => column.Type switch
    {
        _ when nativeType is not null => nativeType,
        PortableType.Boolean => "TINYINT(1)",
        PortableType.Int16 => "SMALLINT",
        PortableType.Int32 => "INT",
        PortableType.Int64 => "BIGINT",
        // DECIMAL(65,30) takes every value a .NET decimal holds.
        PortableType.Decimal when column.Precision is int precision => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{column.Scale ?? 0})"),
        PortableType.Decimal => "DECIMAL(65,30)",
        PortableType.Float32 => "FLOAT",
        PortableType.Float64 => "DOUBLE",
        PortableType.String when column.Length is int length and <= 16383 => string.Create(CultureInfo.InvariantCulture, $"VARCHAR({length})"),
        PortableType.String when isKey => string.Create(CultureInfo.InvariantCulture, $"VARCHAR({KeyLength})"),
        PortableType.String => "LONGTEXT",
        PortableType.Date => "DATE",
        PortableType.Time => "TIME(6)",
        PortableType.DateTime => "DATETIME(6)",
        PortableType.DateTimeOffset => "TIMESTAMP(6)",
        PortableType.Guid => "CHAR(36)",
        PortableType.Binary when column.Length is int length and <= 65535 => string.Create(CultureInfo.InvariantCulture, $"VARBINARY({length})"),
        PortableType.Binary when isKey => string.Create(CultureInfo.InvariantCulture, $"VARBINARY({KeyLength})"),
        PortableType.Binary => "LONGBLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no MariaDB/MySQL type for this portable type"),
    };

    public IReadOnlyList<string> CreateTable(NewTable table)
    {
        var lines = table.Columns.Select(c => $"    {MySqlIdentifier.Quote(c.Name)} {c.Type}{Nullability(c)}")
            .Append($"    PRIMARY KEY ({MySqlIdentifier.QuoteList(table.PrimaryKey)})");
        var statements = new List<string> { $"CREATE TABLE {MySqlIdentifier.Quote(table.Name)} (\n{string.Join(",\n", lines)}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" };
        statements.AddRange(table.IndexedColumns.Select(c => $"CREATE INDEX {MySqlIdentifier.Quote(table.IndexName(c))} ON {MySqlIdentifier.Quote(table.Name)} ({MySqlIdentifier.Quote(c)})"));
        return statements;
    }

    public string AddColumn(string table, NewColumn column) =>
        $"ALTER TABLE {MySqlIdentifier.Quote(table)} ADD COLUMN {MySqlIdentifier.Quote(column.Name)} {column.Type}{Nullability(column)}";

    // NULL said out loud: a TIMESTAMP column is NOT NULL unless told otherwise on older servers.
    private static string Nullability(NewColumn column) => column.Nullable ? " NULL" : " NOT NULL";

    /// <summary>
    /// Whether a source type from a manifest can be written into DDL as it is: JSON, or ENUM / SET
    /// with quoted values of letters, digits, spaces and a few marks. Nothing else reaches SQL
    /// text: the manifest is the site's, and a type like <c>int); DROP TABLE x; --</c> must never run.
    /// </summary>
    public static bool IsPlainTypeName(string sourceType) => TypeName().IsMatch(sourceType);

    [GeneratedRegex(@"^(?:json|(?:enum|set)\('[\p{L}\p{N} _.,:/+\-]*'(?:,'[\p{L}\p{N} _.,:/+\-]*')*\))\z", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();
}
