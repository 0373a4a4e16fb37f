using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>PostgreSQL's quoting: double quotes, embedded quotes doubled, after the common identifier rule. Quoted names are case-sensitive.</summary>
internal static class PostgresIdentifier
{
    public static string Quote(string name)
    {
        Identifier.Validate(name, "SQL");
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string QuoteList(IEnumerable<string> names) => string.Join(", ", names.Select(Quote));

    public static string QuoteList(IEnumerable<string> names, string prefix) => string.Join(", ", names.Select(n => prefix + Quote(n)));
}
