using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// PostgreSQL DDL for a bundle's tables: each portable type as PostgreSQL's own (numeric(p,s),
/// varchar(n) or text, timestamptz for datetimeoffset, bytea, uuid...). A column carried with a
/// PostgreSQL <c>sourceType</c> gets that type when the target has it (an enum, a domain, an
/// array, jsonb: <see cref="PostgresTargetTransaction.NativeTypeAsync"/>); otherwise text for
/// native text, or its portable type's.
/// </summary>
public sealed partial class PostgresSchemaWriter : ITargetSchemaWriter
{
    public string SiteColumnType => "varchar(32)";

    public string ColumnType(ManifestColumn column, string? nativeType, bool isKey) => column.Type switch
    {
        _ when nativeType is not null => nativeType,
        _ when column.SourceType is not null && column.Type == PortableType.String => "text",
        PortableType.Boolean => "boolean",
        PortableType.Int16 => "smallint",
        PortableType.Int32 => "integer",
        PortableType.Int64 => "bigint",
        PortableType.Decimal when column.Precision is int precision => string.Create(CultureInfo.InvariantCulture, $"numeric({precision},{column.Scale ?? 0})"),
        PortableType.Decimal => "numeric",
        PortableType.Float32 => "real",
        PortableType.Float64 => "double precision",
        PortableType.String when column.Length is int length => string.Create(CultureInfo.InvariantCulture, $"varchar({length})"),
        PortableType.String => "text",
        PortableType.Date => "date",
        PortableType.Time => "time",
        PortableType.DateTime => "timestamp",
        PortableType.DateTimeOffset => "timestamptz",
        PortableType.Guid => "uuid",
        PortableType.Binary => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "no PostgreSQL type for this portable type"),
    };

    public IReadOnlyList<string> CreateTable(NewTable table)
    {
        var lines = table.Columns.Select(c => $"    {PostgresIdentifier.Quote(c.Name)} {c.Type}{(c.Nullable ? string.Empty : " NOT NULL")}")
            .Append($"    PRIMARY KEY ({PostgresIdentifier.QuoteList(table.PrimaryKey)})");
        var statements = new List<string> { $"CREATE TABLE {PostgresIdentifier.Quote(table.Name)} (\n{string.Join(",\n", lines)}\n)" };
        statements.AddRange(table.IndexedColumns.Select(c => $"CREATE INDEX {PostgresIdentifier.Quote(table.IndexName(c))} ON {PostgresIdentifier.Quote(table.Name)} ({PostgresIdentifier.Quote(c)})"));
        return statements;
    }

    public string AddColumn(string table, NewColumn column) =>
        $"ALTER TABLE {PostgresIdentifier.Quote(table)} ADD COLUMN {PostgresIdentifier.Quote(column.Name)} {column.Type}{(column.Nullable ? string.Empty : " NOT NULL")}";

    /// <summary>
    /// Whether a source type from a manifest can be written into DDL as it is: a type name as
    /// format_type prints it (plain or double-quoted names, optionally schema-qualified, words such
    /// as "with time zone", one modifier, array brackets). Nothing else reaches SQL text: the
    /// manifest is the site's, and a name like <c>int); DROP TABLE x; --</c> must never run.
    /// </summary>
    public static bool IsPlainTypeName(string sourceType) => TypeName().IsMatch(sourceType);

    [GeneratedRegex("""^(?:"[^"\x00-\x1f]+"|[A-Za-z_][A-Za-z0-9_]*)(?:\.(?:"[^"\x00-\x1f]+"|[A-Za-z_][A-Za-z0-9_]*))?(?: [A-Za-z]+)*(?:\(\d{1,4}(?:,\d{1,4})?\))?(?: [A-Za-z]+)*(?:\[\])*$""", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();
}
