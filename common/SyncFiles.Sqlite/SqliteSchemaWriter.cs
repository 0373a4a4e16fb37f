using System.Globalization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Sqlite;

/// <summary>
/// SQLite DDL for a bundle's tables. Each portable type gets a declared type SQLite's own mapping
/// reads back as that type (SqliteTypeMapper), so the importer holds values to the same limits.
/// A decimal of more than 15 digits gets TEXT: a NUMERIC column keeps 15 significant digits and
/// the importer would refuse the rest; TEXT keeps every digit. A value carried as a source
/// engine's own text (an enum, an array, jsonb...) gets TEXT, where SQLite keeps it as it is.
/// </summary>
public sealed class SqliteSchemaWriter : ITargetSchemaWriter
{
    /// <summary>The most digits a decimal column of NUMERIC affinity keeps (a REAL's 15).</summary>
    public const int MaxExactDecimalDigits = 15;

    public string SiteColumnType => "VARCHAR(32)";

    public string ColumnType(ManifestColumn column, string? nativeType, bool isKey) => column.Type switch
    {
        _ when column.SourceType is not null && column.Type == PortableType.String => "TEXT",
        PortableType.Boolean => "BOOLEAN",
        PortableType.Int16 => "SMALLINT",
        PortableType.Int32 or PortableType.Int64 => "INTEGER",
        PortableType.Decimal when column.Precision is null => "NUMERIC",
        PortableType.Decimal when column.Precision <= MaxExactDecimalDigits => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({column.Precision},{column.Scale ?? 0})"),
        PortableType.Decimal => "TEXT",
        PortableType.Float32 or PortableType.Float64 => "REAL",
        PortableType.String when column.Length is int length => string.Create(CultureInfo.InvariantCulture, $"VARCHAR({length})"),
        PortableType.String => "TEXT",
        PortableType.Date => "DATE",
        PortableType.Time => "TIME",
        PortableType.DateTime => "DATETIME",
        PortableType.DateTimeOffset => "DATETIMEOFFSET",
        PortableType.Guid => "UUID",
        PortableType.Binary => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no SQLite type for this portable type"),
    };

    public IReadOnlyList<string> CreateTable(NewTable table)
    {
        var lines = table.Columns.Select(c => $"    {SqliteIdentifier.Quote(c.Name)} {c.Type}{(c.Nullable ? string.Empty : " NOT NULL")}")
            .Append($"    PRIMARY KEY ({SqliteIdentifier.QuoteList(table.PrimaryKey)})");
        var statements = new List<string> { $"CREATE TABLE {SqliteIdentifier.Quote(table.Name)} (\n{string.Join(",\n", lines)}\n)" };
        statements.AddRange(table.IndexedColumns.Select(c => $"CREATE INDEX {SqliteIdentifier.Quote(table.IndexName(c))} ON {SqliteIdentifier.Quote(table.Name)} ({SqliteIdentifier.Quote(c)})"));
        return statements;
    }

    public string AddColumn(string table, NewColumn column) =>
        $"ALTER TABLE {SqliteIdentifier.Quote(table)} ADD COLUMN {SqliteIdentifier.Quote(column.Name)} {column.Type}{(column.Nullable ? string.Empty : " NOT NULL")}";
}
