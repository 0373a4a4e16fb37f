using System.Globalization;
using SyncFiles.Common;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.SqlServer;

/// <summary>
/// Maps SQL Server catalog types onto portable types: for a source, each column's bundle type (or a
/// refusal that names table, column and type); for a target, the portable type a column stores and
/// the limits a value must fit, so the importer refuses what SQL Server would round or truncate.
/// </summary>
internal static class SqlServerTypeMapper
{
    /// <summary>.NET's decimal carries 28 to 29 significant digits; wider decimal columns cannot be read exactly.</summary>
    public const int MaxDecimalPrecision = 28;

    // datetime keeps 1/300 s: SqlClient reads it as whole milliseconds (.000, .003, .007), so three
    // fraction digits let every stored value travel back unchanged. A value with other milliseconds
    // (.001) passes the check and is rounded by SQL Server to the nearest 1/300 s.
    private const int DateTimeFractionDigits = 3;

    private static readonly DateTime DateTimeMin = new(1753, 1, 1);
    private static readonly DateTime DateTimeMax = new DateTime(9999, 12, 31, 23, 59, 59).AddMilliseconds(997);
    private static readonly DateTime SmallDateTimeMin = new(1900, 1, 1);
    private static readonly DateTime SmallDateTimeMax = new(2079, 6, 6, 23, 59, 0);

    /// <summary>The bundle column a source column becomes; a type with no portable equivalent is a <see cref="SyncFilesException"/>.</summary>
    public static ColumnSchema Map(string table, SqlServerCatalogColumn column)
    {
        var name = column.Name;
        var nullable = column.Nullable;
        switch (column.TypeName)
        {
            case "bit":
                return new ColumnSchema(name, PortableType.Boolean, nullable);
            case "tinyint" or "smallint":
                return new ColumnSchema(name, PortableType.Int16, nullable);
            case "int":
                return new ColumnSchema(name, PortableType.Int32, nullable);
            case "bigint":
                return new ColumnSchema(name, PortableType.Int64, nullable);
            case "timestamp" or "rowversion":
                // Eight big-endian bytes; read as CAST(... AS bigint), the number the watermark keeps.
                return new ColumnSchema(name, PortableType.Int64, nullable);
            case "decimal" or "numeric" or "money" or "smallmoney":
                if (column.Precision > MaxDecimalPrecision)
                {
                    throw new SyncFilesException(
                        $"Table {table}, column {name}: {column.DeclaredType} holds up to {column.Precision} digits, but .NET's decimal carries only 28 to 29, so values could not be read exactly. " +
                        $"Declare the column decimal({MaxDecimalPrecision},{Math.Min(column.Scale, MaxDecimalPrecision)}) or narrower, or export a view that converts it.");
                }

                return new ColumnSchema(name, PortableType.Decimal, nullable, Precision: column.Precision, Scale: column.Scale);
            case "real":
                return new ColumnSchema(name, PortableType.Float32, nullable);
            case "float":
                return new ColumnSchema(name, PortableType.Float64, nullable);
            case "char" or "varchar" or "nchar" or "nvarchar" or "text" or "ntext":
                return new ColumnSchema(name, PortableType.String, nullable, Length: column.Length);
            case "date":
                return new ColumnSchema(name, PortableType.Date, nullable);
            case "time":
                return new ColumnSchema(name, PortableType.Time, nullable);
            case "datetime" or "datetime2" or "smalldatetime":
                return new ColumnSchema(name, PortableType.DateTime, nullable);
            case "datetimeoffset":
                return new ColumnSchema(name, PortableType.DateTimeOffset, nullable);
            case "uniqueidentifier":
                return new ColumnSchema(name, PortableType.Guid, nullable);
            case "binary" or "varbinary" or "image":
                return new ColumnSchema(name, PortableType.Binary, nullable, Length: column.Length);
            case var _ when column.TravelsAsText:
                // No portable type holds them: they travel as SQL Server's own text (see SelectList),
                // which a SQL Server target turns back with its input conversion (StagedValue).
                return new ColumnSchema(name, PortableType.String, nullable, SourceType: column.TypeName);
            case "sql_variant":
                throw new SyncFilesException(
                    $"Table {table}, column {name}: sql_variant holds values of many types, and no single text form carries each value's base type back, so it cannot travel in a bundle. " +
                    $"Export a view that converts it to one type, e.g. CONVERT(nvarchar(4000), [{name}]), or leaves it out.");
            default:
                throw new SyncFilesException(
                    $"Table {table}, column {name}: type {column.DeclaredType} has no portable equivalent (CLR types other than hierarchyid, geography and geometry cannot travel in a bundle). " +
                    $"Export a view that leaves the column out or converts it, e.g. CAST([{name}] AS nvarchar(max)).");
        }
    }

    /// <summary>A target column with the portable type it stores (null when none) and the limits a value must fit.</summary>
    public static TargetColumn Describe(SqlServerCatalogColumn column)
    {
        // Identity, rowversion and computed columns fill themselves: a bundle need not carry them.
        var hasDefault = column.HasDefault || column.IsIdentity || column.IsComputed || column.IsRowversion;
        // Computed and rowversion columns are never written; identity columns are, with IDENTITY_INSERT.
        var target = new TargetColumn(column.Name, column.DeclaredType, column.Nullable, hasDefault, IsGenerated: column.IsComputed || column.IsRowversion);
        return column.TypeName switch
        {
            "bit" => target with { Type = PortableType.Boolean },
            "tinyint" or "smallint" => target with { Type = PortableType.Int16 },
            "int" => target with { Type = PortableType.Int32 },
            "bigint" => target with { Type = PortableType.Int64 },
            "decimal" or "numeric" or "money" or "smallmoney" => target with { Type = PortableType.Decimal, Precision = column.Precision, Scale = column.Scale },
            "real" => target with { Type = PortableType.Float32 },
            "float" => target with { Type = PortableType.Float64 },
            "char" or "varchar" or "nchar" or "nvarchar" or "text" or "ntext" => target with { Type = PortableType.String, MaxLength = column.Length },
            "date" => target with { Type = PortableType.Date },
            "time" => target with { Type = PortableType.Time, FractionDigits = column.Scale },
            "datetime" => target with { Type = PortableType.DateTime, FractionDigits = DateTimeFractionDigits, MinDate = DateTimeMin, MaxDate = DateTimeMax },
            // smalldatetime keeps minutes: seconds are rounded by SQL Server; no fraction is kept at all.
            "smalldatetime" => target with { Type = PortableType.DateTime, FractionDigits = 0, MinDate = SmallDateTimeMin, MaxDate = SmallDateTimeMax },
            "datetime2" => target with { Type = PortableType.DateTime, FractionDigits = column.Scale },
            "datetimeoffset" => target with { Type = PortableType.DateTimeOffset, FractionDigits = column.Scale },
            "uniqueidentifier" => target with { Type = PortableType.Guid },
            "binary" or "varbinary" or "image" => target with { Type = PortableType.Binary, MaxLength = column.Length },
            // Written from the bundle's text with SQL Server's own input conversion (StagedValue).
            _ when column.TravelsAsText => target with { Type = PortableType.String },
            _ => target,
        };
    }

    /// <summary>
    /// The type of the column in a staging table: the target's own declaration (a character column
    /// with the target's collation, since a temporary table would otherwise take tempdb's), except
    /// tinyint, staged as smallint so that an out-of-range value fails in the MERGE as a data error
    /// (220) rather than inside the client's bulk copy; the deprecated LOB types, staged as their
    /// (max) equivalents; and the types written from text (xml, hierarchyid, geography, geometry),
    /// staged as nvarchar(max) and converted by the MERGE (<see cref="StagedValue"/>), so a value
    /// SQL Server cannot parse fails there as a data error too.
    /// </summary>
    public static string StagingType(string table, SqlServerCatalogColumn column)
    {
        if (column.IsRowversion || column.IsComputed)
        {
            throw new SyncFilesException(
                $"Table {table}, column {column.Name}: the target column is {(column.IsComputed ? "computed" : "a rowversion")}, which SQL Server fills itself; the bundle's column of that name cannot be written into it. Rename the target column or leave it out of the export.");
        }

        var type = column.TypeName switch
        {
            "bit" or "smallint" or "int" or "bigint" or "money" or "smallmoney" or "real" or "float" or "date" or "datetime" or "smalldatetime" or "uniqueidentifier" or "sql_variant" => column.TypeName,
            "tinyint" => "smallint",
            "decimal" or "numeric" or "time" or "datetime2" or "datetimeoffset" or "char" or "varchar" or "nchar" or "nvarchar" or "binary" or "varbinary" => column.DeclaredType,
            "text" => "varchar(max)",
            "ntext" => "nvarchar(max)",
            _ when column.TravelsAsText => "nvarchar(max)",
            "image" => "varbinary(max)",
            _ => throw new SyncFilesException(
                $"Table {table}, column {column.Name}: SyncFiles cannot load values into a {column.DeclaredType} column. Change its type or leave it out of the export."),
        };

        if (column.IsCharacter && column.Collation is not null)
        {
            type += " COLLATE " + Identifier.Validate(column.Collation, "collation");
        }

        return type;
    }

    /// <summary>
    /// The staged value of a column as the target column's type: the column itself, except for the
    /// types staged as text (<see cref="StagingType"/>), which SQL Server's own input conversion turns
    /// back into values. xml is parsed with style 1, which keeps whitespace-only text nodes: the text
    /// SQL Server wrote holds only those its source kept. A spatial value is the source's
    /// <c>SRID=n;</c> followed by its WKT with Z and M (see <see cref="SqlServerSql"/>' select list),
    /// parsed with STGeomFromText in that SRID; plain WKT (another engine's) is parsed with Parse,
    /// which assumes SRID 4326 for geography and 0 for geometry.
    /// </summary>
    public static string StagedValue(SqlServerCatalogColumn column, string alias)
    {
        var value = SqlServerIdentifier.Qualify(alias, column.Name);
        return column.TypeName switch
        {
            "xml" => $"CONVERT(xml, {value}, 1)",
            "hierarchyid" => $"hierarchyid::Parse({value})",
            "geography" or "geometry" =>
                $"CASE WHEN {value} IS NULL THEN NULL " +
                $"WHEN {value} LIKE N'SRID=%;%' THEN {column.TypeName}::STGeomFromText(SUBSTRING({value}, CHARINDEX(N';', {value}) + 1, 2147483647), CAST(SUBSTRING({value}, 6, CHARINDEX(N';', {value}) - 6) AS int)) " +
                $"ELSE {column.TypeName}::Parse({value}) END",
            _ => value,
        };
    }

    /// <summary>
    /// What the MERGE compares, for a value <paramref name="value"/> of the column's type, to decide
    /// whether a row changed: character columns as their bytes, so a change of case or of trailing
    /// spaces counts as a change even under a collation that calls them equal; the LOB types and xml
    /// (which cannot be compared at all) as (max) values; spatial values (not comparable either) as
    /// their native serialisation, which includes the SRID.
    /// </summary>
    public static string ComparedExpression(SqlServerCatalogColumn column, string value) => column.TypeName switch
    {
        "char" or "varchar" or "nchar" or "nvarchar" =>
            $"CAST({value} AS varbinary({(column.MaxLength < 0 ? "max" : column.MaxLength.ToString(CultureInfo.InvariantCulture))}))",
        "text" => $"CAST(CAST({value} AS varchar(max)) AS varbinary(max))",
        "ntext" or "xml" => $"CAST(CAST({value} AS nvarchar(max)) AS varbinary(max))",
        "image" or "geography" or "geometry" => $"CAST({value} AS varbinary(max))",
        _ => value,
    };
}
