using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Bundle files are named <c>&lt;siteId&gt;-&lt;sequence as 8 digits&gt;.zip</c> (AG01-00000042.zip)
/// so an operator sees site and order at a glance and a directory listing sorts them in order.
/// An encrypted bundle keeps the name and adds <c>.enc</c> (AG01-00000042.zip.enc): <see cref="TryParse"/>
/// reads both.
/// </summary>
public static partial class BundleFileName
{
    public const string Extension = ".zip";

    [GeneratedRegex(@"^(?<site>[A-Za-z0-9_]{1,32})-(?<seq>[0-9]{8,19})\.zip(?:\.enc)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static string Format(string siteId, long sequence)
    {
        SiteId.Validate(siteId, "Bundle name");
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return $"{siteId}-{sequence.ToString("D8", CultureInfo.InvariantCulture)}{Extension}";
    }

    public static bool TryParse(string fileName, out string siteId, out long sequence)
    {
        var match = Pattern().Match(fileName);
        if (match.Success && long.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0)
        {
            siteId = match.Groups["site"].Value;
            return true;
        }

        siteId = string.Empty;
        sequence = 0;
        return false;
    }
}
