using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// PostgreSQL catalog types (pg_type.typname, as information_schema's udt_name gives them) and the
/// portable types they store.
/// </summary>
/// <remarks>
/// A source column of any other type (an enum, an array, json, interval, inet, tsvector, a range,
/// a geometric type, a numeric wider than a bundle decimal...) travels as its own text output
/// (<c>c::text</c>): portable type string, with the declared type as the column's
/// <see cref="ColumnSchema.SourceType"/> so a PostgreSQL target can cast it back into the same
/// type. A domain travels as the type under it, its name as the source type.
/// </remarks>
internal static class PostgresTypeMapper
{
    /// <summary>The largest precision a bundle decimal carries exactly (.NET decimal: 28 digits).</summary>
    public const int MaxDecimalPrecision = 28;

    /// <summary>
    /// The portable type of a built-in type binary COPY can take from the bundle's values, or null:
    /// a target column of any other type (enum, domain, array, json, interval, money...) is staged
    /// as text and cast by the upsert.
    /// </summary>
    public static PortableType? Map(string typeName) => typeName switch
    {
        "bool" => PortableType.Boolean,
        "int2" => PortableType.Int16,
        "int4" => PortableType.Int32,
        "int8" => PortableType.Int64,
        "numeric" => PortableType.Decimal,
        "float4" => PortableType.Float32,
        "float8" => PortableType.Float64,
        "text" or "varchar" or "bpchar" or "citext" or "name" => PortableType.String,
        "date" => PortableType.Date,
        "time" => PortableType.Time,
        "timestamp" => PortableType.DateTime,
        "timestamptz" => PortableType.DateTimeOffset,
        "uuid" => PortableType.Guid,
        "bytea" => PortableType.Binary,
        _ => null,
    };

    public static ColumnSchema ToColumn(PostgresCatalog.Column column)
    {
        var isMoney = column.IsPlainBaseType && column.BaseTypeName == "money";
        var type = isMoney ? PortableType.Decimal : column.IsPlainBaseType ? Map(column.BaseTypeName) : null;

        // An unconstrained numeric, or one wider than 28 digits, may hold values (and NaN) no
        // bundle decimal carries: it travels as its text, exactly, like a type with no portable
        // equivalent.
        if (type is null || (type == PortableType.Decimal && !isMoney && column.Precision is null or > MaxDecimalPrecision))
        {
            return new ColumnSchema(column.Name, PortableType.String, column.Nullable, SourceType: column.DeclaredType);
        }

        // A domain keeps its name; money its own (its value is read as ::numeric, whatever lc_monetary prints).
        var sourceType = column.IsDomain || isMoney ? column.DeclaredType : null;
        return type switch
        {
            PortableType.Decimal => new ColumnSchema(column.Name, PortableType.Decimal, column.Nullable, Precision: column.Precision, Scale: column.Scale ?? 0, SourceType: sourceType),
            PortableType.String => new ColumnSchema(column.Name, PortableType.String, column.Nullable, Length: column.MaxLength, SourceType: sourceType),
            _ => new ColumnSchema(column.Name, type.Value, column.Nullable, SourceType: sourceType),
        };
    }

    /// <summary>Whether a column travels as the source engine's own text (portable string with a source type).</summary>
    public static bool IsNativeText(ColumnSchema column) => column.Type == PortableType.String && column.SourceType is not null;
}
