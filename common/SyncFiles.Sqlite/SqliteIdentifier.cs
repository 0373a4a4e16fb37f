using SyncFiles.Common.Schema;

namespace SyncFiles.Sqlite;

/// <summary>SQLite's quoting: double quotes, embedded quotes doubled, after the common identifier rule.</summary>
internal static class SqliteIdentifier
{
    public static string Quote(string name)
    {
        Identifier.Validate(name, "SQL");
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string QuoteList(IEnumerable<string> names) => string.Join(", ", names.Select(Quote));
}
