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

    /// <summary>
    /// Whether a declared type gives TEXT affinity (SQLite's rules, section 3.1 of "Datatypes In
    /// SQLite": no "INT", and "CHAR", "CLOB" or "TEXT"): such a column stores any bundle value as its
    /// exact bundle text.
    /// </summary>
    public static bool HasTextAffinity(string declaredType) =>
        !declaredType.Contains("INT", StringComparison.OrdinalIgnoreCase)
        && (declaredType.Contains("CHAR", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("CLOB", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("TEXT", StringComparison.OrdinalIgnoreCase));
}
