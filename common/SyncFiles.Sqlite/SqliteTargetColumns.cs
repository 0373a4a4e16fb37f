using SyncFiles.Common;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>
/// A SQLite target column and the limits its declared type states. SQLite itself enforces none of
/// them, but SyncFiles holds values to them anyway, so a central SQLite database refuses the same
/// values a PostgreSQL or SQL Server one would.
/// </summary>
internal static class SqliteTargetColumns
{
    public static TargetColumn Describe(string table, string name, string declaredType, bool nullable, bool hasDefault)
    {
        try
        {
            var portable = SqliteTypeMapper.Map(table, name, declaredType, nullable);
            return new TargetColumn(name, declaredType, nullable, hasDefault, portable.Type, portable.Length, portable.Precision, portable.Scale);
        }
        catch (SyncFilesException)
        {
            // A type with no portable meaning (or none declared): SQLite stores anything there.
            return new TargetColumn(name, declaredType, nullable, hasDefault);
        }
    }
}
