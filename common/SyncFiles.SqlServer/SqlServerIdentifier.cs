using SyncFiles.Common.Schema;

namespace SyncFiles.SqlServer;

/// <summary>
/// SQL Server's quoting: square brackets, an embedded <c>]</c> doubled, after the common identifier
/// rule has refused anything that is not a plain name (so a hostile name never reaches SQL text).
/// </summary>
internal static class SqlServerIdentifier
{
    public static string Quote(string name, string what = "SQL")
    {
        Identifier.Validate(name, what);
        return "[" + name.Replace("]", "]]", StringComparison.Ordinal) + "]";
    }

    /// <summary>A comma-separated list of quoted names, each optionally prefixed by a table alias (<c>t.</c>).</summary>
    public static string QuoteList(IEnumerable<string> names, string? alias = null) =>
        string.Join(", ", names.Select(n => Qualify(alias, n)));

    /// <summary><c>alias.[name]</c>, or <c>[name]</c> without an alias.</summary>
    public static string Qualify(string? alias, string name) => alias is null ? Quote(name) : alias + "." + Quote(name);
}
