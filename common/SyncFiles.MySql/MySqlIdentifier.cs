using SyncFiles.Common.Schema;

namespace SyncFiles.MySql;

/// <summary>
/// MariaDB's and MySQL's quoting: backticks, an embedded backtick doubled, after the common
/// identifier rule (which already keeps backticks out). Table names are case-sensitive on Linux
/// servers (lower_case_table_names=0) and not on Windows ones; column names never are.
/// </summary>
internal static class MySqlIdentifier
{
    /// <summary>MariaDB and MySQL keep names of at most 64 characters.</summary>
    public const int MaxLength = 64;

    public static string Quote(string name)
    {
        Identifier.Validate(name, "SQL");
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    public static string QuoteList(IEnumerable<string> names) => string.Join(", ", names.Select(Quote));

    public static string QuoteList(IEnumerable<string> names, string prefix) => string.Join(", ", names.Select(n => prefix + Quote(n)));
}
