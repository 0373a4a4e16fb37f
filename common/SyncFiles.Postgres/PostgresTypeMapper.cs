using SyncFiles.Common;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// PostgreSQL catalog types (pg_type.typname, as information_schema's udt_name gives them) and the
/// portable types they store.
/// </summary>
internal static class PostgresTypeMapper
{
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

    public static ColumnSchema ToColumn(string table, PostgresCatalog.Column column)
    {
        var type = Map(column.TypeName) ?? throw new SyncFilesException(
            $"Table {table}, column {column.Name}: PostgreSQL type {column.TypeName} has no portable equivalent. Supported: boolean, smallint, integer, bigint, numeric, real, double precision, text, varchar, char, date, time, timestamp, timestamptz, uuid, bytea.");
        if (type == PortableType.Decimal && column.Precision > 28)
        {
            throw new SyncFilesException(
                $"Table {table}, column {column.Name}: numeric({column.Precision},{column.Scale}) holds more digits than the 28 a bundle decimal carries exactly.");
        }

        return type switch
        {
            PortableType.Decimal => new ColumnSchema(column.Name, type, column.Nullable, Precision: column.Precision, Scale: column.Precision is null ? null : column.Scale ?? 0),
            PortableType.String => new ColumnSchema(column.Name, type, column.Nullable, Length: column.MaxLength),
            _ => new ColumnSchema(column.Name, type, column.Nullable),
        };
    }
}
