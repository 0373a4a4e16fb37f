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
        TargetColumn column;
        try
        {
            var portable = SqliteTypeMapper.Map(table, name, declaredType, nullable);
            column = new TargetColumn(name, declaredType, nullable, hasDefault, portable.Type, portable.Length, portable.Precision, portable.Scale);
        }
        catch (SyncFilesException)
        {
            // A type with no portable meaning (or none declared): SQLite stores anything there. A
            // value carried as a source engine's own text (an array's, an interval's) only goes
            // where SQLite keeps it as text: a column of TEXT affinity; in any other SQLite would
            // turn a text that looks like a number ('1.10', a jsonb 1e3) into one.
            column = new TargetColumn(name, declaredType, nullable, hasDefault, AcceptsSourceText: HasTextAffinity(declaredType));
        }

        // SQLite has no NaN (it would store NULL, and the driver refuses it); infinities are REAL
        // values, and PostgreSQL's infinite dates are kept as their text (SqliteValues). A decimal
        // arrives as exact text, which a column of NUMERIC, INTEGER or REAL affinity turns into a
        // REAL of 15 significant digits (a whole number that fits 64 bits, without a point, into
        // an integer under NUMERIC and INTEGER affinity); TEXT and BLOB affinity keep the text.
        var affinity = AffinityOf(declaredType);
        return column with
        {
            TakesInfinity = true,
            TakesNaN = false,
            TakesFloatInfinity = true,
            SignificantDigits = affinity is Affinity.Numeric or Affinity.Integer or Affinity.Real ? 15 : null,
            KeepsInt64Exactly = affinity is Affinity.Numeric or Affinity.Integer,
        };
    }

    private enum Affinity
    {
        Integer,
        Text,
        Blob,
        Real,
        Numeric,
    }

    // SQLite's rules, in their order (https://sqlite.org/datatype3.html, section 3.1).
    private static Affinity AffinityOf(string declaredType)
    {
        var type = declaredType.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
        {
            return Affinity.Integer;
        }

        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal))
        {
            return Affinity.Text;
        }

        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal))
        {
            return Affinity.Blob;
        }

        return type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal)
            ? Affinity.Real
            : Affinity.Numeric;
    }

    /// <summary>Whether SQLite gives the declared type TEXT affinity (it keeps a text as it is).</summary>
    public static bool HasTextAffinity(string declaredType) => AffinityOf(declaredType) == Affinity.Text;
}
