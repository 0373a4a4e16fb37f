using System.Text.RegularExpressions;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Schema;

/// <summary>
/// Site identifiers name files and rows, so they are kept short and file-name safe: 1 to 32
/// letters, digits or '_', and never a Windows device name (<c>CON</c>, <c>NUL</c>, <c>COM1</c>
/// ...), which Windows opens as the device whatever follows it (<c>CON.private.pem</c> is the
/// console), so a key or bundle named after it could not be written or read there.
/// </summary>
public static partial class SiteId
{
    /// <summary>What every site id must be, in the words the error messages use.</summary>
    public const string Rule = "use 1 to 32 letters, digits or '_', not a Windows device name such as CON, NUL or COM1 (for example AG01)";

    /// <summary><see cref="Rule"/> in the user's language, for a message built from a <see cref="LocalizedText"/>.</summary>
    public static LocalizedText RuleText => CommonText.Get(nameof(CommonMessages.SiteIdRule));

    // \z, not $: in .NET, $ also matches before a final "\n", which would let "AG01\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9_]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    // CON, PRN, AUX, NUL, COM0-9, LPT0-9 in any case (a site id has no '.', so no suffix to strip).
    [GeneratedRegex(@"^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DeviceName();

    public static bool IsValid(string? siteId) => siteId is not null && Pattern().IsMatch(siteId) && !IsDeviceName(siteId);

    /// <summary>
    /// True for a Windows device name, in any case and with or without an extension-like suffix
    /// (<c>nul</c>, <c>Com1</c>, <c>CON.private.pem</c>, <c>AUX .zip</c>).
    /// </summary>
    public static bool IsDeviceName(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? name : name[..dot]).TrimEnd(' ');
        return DeviceName().IsMatch(stem);
    }

    public static string Validate(string? siteId, string where)
    {
        if (!IsValid(siteId))
        {
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SiteIdInvalid), where, siteId, RuleText));
        }

        return siteId!;
    }
}
