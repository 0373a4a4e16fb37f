using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.MySql.Text;

namespace SyncFiles.MySql;

/// <summary>
/// MariaDB and MySQL column types (information_schema's DATA_TYPE and COLUMN_TYPE) and the portable
/// types they travel as; docs/providers.md has the table and the reasons.
/// </summary>
internal static class MySqlTypeMapper
{
    /// <summary>The largest precision a bundle decimal carries exactly (.NET decimal: 28 digits).</summary>
    public const int MaxDecimalPrecision = 28;

    /// <summary>
    /// The portable type a column stores, or null when it has none (geometry, inet6, a decimal
    /// wider than 28 digits...). TINYINT(1) is MariaDB's BOOLEAN; an unsigned type takes the next
    /// wider type (BIGINT UNSIGNED a 20-digit decimal); a TIMESTAMP is an instant (UTC);
    /// ENUM, SET and JSON are text.
    /// </summary>
    public static PortableType? Map(MySqlCatalog.Column column) => column.DataType switch
    {
        "tinyint" when column.ColumnType.StartsWith("tinyint(1)", StringComparison.Ordinal) && !column.Unsigned => PortableType.Boolean,
        "tinyint" or "year" => PortableType.Int16,
        "smallint" => column.Unsigned ? PortableType.Int32 : PortableType.Int16,
        "mediumint" => PortableType.Int32,
        "int" or "integer" => column.Unsigned ? PortableType.Int64 : PortableType.Int32,
        "bigint" => column.Unsigned ? PortableType.Decimal : PortableType.Int64,
        "bit" when column.Precision is <= 63 => PortableType.Int64,
        "decimal" or "numeric" when column.Precision is <= MaxDecimalPrecision => PortableType.Decimal,
        "float" => PortableType.Float32,
        "double" or "real" => PortableType.Float64,
        "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "enum" or "set" or "json" => PortableType.String,
        "date" => PortableType.Date,
        "time" => PortableType.Time,
        "datetime" => PortableType.DateTime,
        "timestamp" => PortableType.DateTimeOffset,
        "uuid" => PortableType.Guid,
        "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" => PortableType.Binary,
        _ => null,
    };

    /// <summary>The bundle column of a source column; a column no bundle can carry is a <see cref="ConfigurationException"/> that says why.</summary>
    public static ColumnSchema ToColumn(string table, MySqlCatalog.Column column)
    {
        Identifier.Validate(column.Name, "column");
        if (column.DataType is "decimal" or "numeric" && column.Precision > MaxDecimalPrecision)
        {
            throw new ConfigurationException(MySqlText.Get(nameof(MySqlMessages.SrcDecimalTooWide), table, column.Name, column.ColumnType, column.Precision, MaxDecimalPrecision, Math.Min(column.Scale ?? 0, MaxDecimalPrecision)));
        }

        var type = Map(column) ?? throw new ConfigurationException(MySqlText.Get(nameof(MySqlMessages.SrcTypeUnsupported), table, column.Name, column.ColumnType));
        return type switch
        {
            PortableType.Decimal when column.DataType == "bigint" => new ColumnSchema(column.Name, type, column.Nullable, Precision: 20, Scale: 0),
            PortableType.Decimal => new ColumnSchema(column.Name, type, column.Nullable, Precision: column.Precision, Scale: column.Scale ?? 0),
            // ENUM, SET and JSON keep their declared type, so a MariaDB/MySQL head office can declare the same.
            PortableType.String when column.DataType is "enum" or "set" or "json" => new ColumnSchema(column.Name, type, column.Nullable, SourceType: column.ColumnType),
            PortableType.String when column.DataType is "char" or "varchar" => new ColumnSchema(column.Name, type, column.Nullable, Length: (int?)column.MaxLength),
            PortableType.Binary when column.DataType is "binary" or "varbinary" => new ColumnSchema(column.Name, type, column.Nullable, Length: (int?)column.MaxLength),
            _ => new ColumnSchema(column.Name, type, column.Nullable),
        };
    }

    /// <summary>Whether a column travels as the source engine's own text (portable string with a source type).</summary>
    public static bool IsNativeText(ColumnSchema column) => column.Type == PortableType.String && column.SourceType is not null;
}
