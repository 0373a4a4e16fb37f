using System.Text.RegularExpressions;

namespace SyncFiles.Common.Schema;

/// <summary>Site identifiers name files and rows, so they are kept short and file-name safe.</summary>
public static partial class SiteId
{
    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? siteId) => siteId is not null && Pattern().IsMatch(siteId);

    public static string Validate(string? siteId, string where)
    {
        if (!IsValid(siteId))
        {
            throw new SyncFilesException(
                $"{where}: invalid site id '{siteId}': use 1 to 32 letters, digits or '_' (for example AG01).");
        }

        return siteId!;
    }
}
