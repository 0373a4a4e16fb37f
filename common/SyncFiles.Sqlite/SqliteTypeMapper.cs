using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common;
using SyncFiles.Common.Schema;

namespace SyncFiles.Sqlite;

/// <summary>
/// Maps SQLite declared column types onto portable types. SQLite stores values loosely, so the
/// declared type is the only statement of intent; the exporter then reads each value with the
/// typed getter of its portable type and reports any value that does not fit.
/// </summary>
internal static partial class SqliteTypeMapper
{
    [GeneratedRegex(@"^\s*(?<name>[A-Za-z][A-Za-z0-9 ]*?)\s*(\(\s*(?<a>\d+)\s*(,\s*(?<b>\d+)\s*)?\))?\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredType();

    public static ColumnSchema Map(string table, string column, string declaredType, bool nullable)
    {
        var match = DeclaredType().Match(declaredType);
        if (!match.Success || declaredType.Length == 0)
        {
            throw Unsupported(table, column, declaredType);
        }

        var name = match.Groups["name"].Value.ToUpperInvariant();
        int? a = match.Groups["a"].Success ? int.Parse(match.Groups["a"].ValueSpan, CultureInfo.InvariantCulture) : null;
        int? b = match.Groups["b"].Success ? int.Parse(match.Groups["b"].ValueSpan, CultureInfo.InvariantCulture) : null;

        var type = name switch
        {
            "BOOLEAN" or "BOOL" or "BIT" => PortableType.Boolean,
            "TINYINT" or "SMALLINT" or "INT2" => PortableType.Int16,
            // SQLite integers are 64-bit whatever the declared width.
            "INT" or "INTEGER" or "BIGINT" or "INT8" or "MEDIUMINT" or "UNSIGNED BIG INT" => PortableType.Int64,
            "DECIMAL" or "NUMERIC" or "MONEY" => PortableType.Decimal,
            "REAL" or "DOUBLE" or "DOUBLE PRECISION" or "FLOAT" => PortableType.Float64,
            "DATETIMEOFFSET" or "TIMESTAMPTZ" or "TIMESTAMP WITH TIME ZONE" => PortableType.DateTimeOffset,
            "DATETIME" or "DATETIME2" or "TIMESTAMP" => PortableType.DateTime,
            "DATE" => PortableType.Date,
            "TIME" => PortableType.Time,
            "UUID" or "GUID" or "UNIQUEIDENTIFIER" => PortableType.Guid,
            "BLOB" or "BINARY" or "VARBINARY" => PortableType.Binary,
            _ when name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal) || name.Contains("TEXT", StringComparison.Ordinal) => PortableType.String,
            _ => throw Unsupported(table, column, declaredType),
        };

        return type switch
        {
            PortableType.Decimal => new ColumnSchema(column, type, nullable, Precision: a, Scale: a is null ? null : b ?? 0),
            PortableType.String or PortableType.Binary => new ColumnSchema(column, type, nullable, Length: a),
            _ => new ColumnSchema(column, type, nullable),
        };
    }

    private static SyncFilesException Unsupported(string table, string column, string declaredType) => new(
        $"Table {table}, column {column}: declared type '{declaredType}' has no portable equivalent. " +
        "Declare it as one of INTEGER, SMALLINT, BOOLEAN, DECIMAL(p,s), REAL, TEXT/VARCHAR(n), DATE, TIME, DATETIME, DATETIMEOFFSET, UUID or BLOB.");
}
