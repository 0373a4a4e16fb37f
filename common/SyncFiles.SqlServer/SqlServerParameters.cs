using System.Data;
using System.Data.SqlTypes;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace SyncFiles.SqlServer;

/// <summary>
/// Parameters typed explicitly, never inferred: an inferred DateTime parameter is a datetime and
/// would round to 1/300 s, and a parameter of another type than its column costs an implicit
/// conversion that can keep an index from being used.
/// </summary>
internal static class SqlServerParameters
{
    public static SqlParameter Add(SqlCommand command, string name, SqlDbType type, object? value, int size = 0)
    {
        var parameter = new SqlParameter(name, type) { Value = value ?? DBNull.Value };
        if (size != 0)
        {
            parameter.Size = size;
        }

        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A table or column name for the catalog queries (sysname).</summary>
    public static SqlParameter AddName(SqlCommand command, string name, string value) => Add(command, name, SqlDbType.NVarChar, value, 128);

    /// <summary>
    /// A bound of a change column's range, typed as the column itself (datetime, datetime2(n),
    /// smalldatetime, or an integer type) so the comparison seeks on the column's index; a value the
    /// column's type cannot hold (an overlap reaching before 1753) falls back to datetime2 or bigint.
    /// </summary>
    public static SqlParameter AddBound(SqlCommand command, string name, SqlServerCatalogColumn column, object value)
    {
        switch (value)
        {
            case DateTime time when column.TypeName == "datetime" && time >= SqlDateTime.MinValue.Value:
                return Add(command, name, SqlDbType.DateTime, time);
            case DateTime time when column.TypeName == "smalldatetime" && time >= new DateTime(1900, 1, 1) && time <= new DateTime(2079, 6, 6, 23, 59, 0):
                return Add(command, name, SqlDbType.SmallDateTime, time);
            case DateTime time:
                var parameter = Add(command, name, SqlDbType.DateTime2, time);
                parameter.Scale = column.TypeName == "datetime2" ? (byte)column.Scale : (byte)7;
                return parameter;
            case DateTimeOffset instant:
                var offset = Add(command, name, SqlDbType.DateTimeOffset, instant.ToUniversalTime());
                offset.Scale = column.TypeName == "datetimeoffset" ? (byte)column.Scale : (byte)7;
                return offset;
            case long number:
                return column.TypeName switch
                {
                    "tinyint" when number is >= byte.MinValue and <= byte.MaxValue => Add(command, name, SqlDbType.TinyInt, (byte)number),
                    "smallint" when number is >= short.MinValue and <= short.MaxValue => Add(command, name, SqlDbType.SmallInt, (short)number),
                    "int" when number is >= int.MinValue and <= int.MaxValue => Add(command, name, SqlDbType.Int, (int)number),
                    _ => Add(command, name, SqlDbType.BigInt, number),
                };
            default:
                throw new ArgumentException(
                    $"Unexpected bound {Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name}) for column {column.Name}.", nameof(value));
        }
    }

    /// <summary>The site id compared with a site column: varchar for a single-byte character column, nvarchar otherwise.</summary>
    public static SqlParameter AddSite(SqlCommand command, SqlServerCatalogColumn column, string? siteId) =>
        Add(command, SqlServerSql.SiteParameter, column.TypeName is "char" or "varchar" or "text" ? SqlDbType.VarChar : SqlDbType.NVarChar, siteId, 32);
}
