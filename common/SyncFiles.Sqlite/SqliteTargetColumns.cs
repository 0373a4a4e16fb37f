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
            // A type with no portable meaning (or none declared): SQLite stores anything there. A
            // value carried as a source engine's own text (an array's, an interval's) only goes
            // where SQLite keeps it as text: a column of TEXT affinity; in any other SQLite would
            // turn a text that looks like a number ('1.10', a jsonb 1e3) into one.
            return new TargetColumn(name, declaredType, nullable, hasDefault, AcceptsSourceText: HasTextAffinity(declaredType));
        }
    }

    /// <summary>SQLite's affinity rules (https://www.sqlite.org/datatype3.html, 3.1), in their order: INT first, then CHAR, CLOB or TEXT.</summary>
    public static bool HasTextAffinity(string declaredType) =>
        !declaredType.Contains("INT", StringComparison.OrdinalIgnoreCase)
        && (declaredType.Contains("CHAR", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("CLOB", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("TEXT", StringComparison.OrdinalIgnoreCase));
}
