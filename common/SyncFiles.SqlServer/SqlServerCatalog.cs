using Microsoft.Data.SqlClient;

namespace SyncFiles.SqlServer;

/// <summary>Reads the rows of <see cref="SqlServerSql.DescribeColumns"/> into catalog columns.</summary>
internal static class SqlServerCatalog
{
    public static SqlServerCatalogColumn ReadColumn(SqlDataReader reader) => new(
        Name: reader.GetString(0),
        TypeName: reader.GetString(1),
        MaxLength: reader.GetInt32(2),
        Precision: reader.GetInt32(3),
        Scale: reader.GetInt32(4),
        Nullable: reader.GetBoolean(5),
        IsIdentity: reader.GetBoolean(6),
        IsComputed: reader.GetBoolean(7),
        HasDefault: reader.GetBoolean(8),
        Collation: reader.IsDBNull(9) ? null : reader.GetString(9));
}
