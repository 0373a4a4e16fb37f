using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Bundle files are named <c>&lt;siteId&gt;-&lt;sequence as 8 digits&gt;.zip</c> (AG01-00000042.zip)
/// so an operator sees site and order at a glance and a directory listing sorts them in order.
/// A bundle encrypted for head office keeps the name and adds <c>.enc</c> (AG01-00000042.zip.enc):
/// still site and order at a glance, and no tool mistakes it for a zip.
/// </summary>
public static partial class BundleFileName
{
    public const string Extension = ".zip";

    /// <summary>The ending of an encrypted bundle's name (<see cref="Encryption.EncryptedBundleFile"/>).</summary>
    public const string EncryptedExtension = Extension + Encryption.EncryptedBundleFile.Extension;

    [GeneratedRegex(@"^(?<site>[A-Za-z0-9_]{1,32})-(?<seq>[0-9]{8,19})\.zip(?<enc>\.enc)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static string Format(string siteId, long sequence) => Format(siteId, sequence, encrypted: false);

    /// <summary>The bundle's name, ending in <see cref="EncryptedExtension"/> when <paramref name="encrypted"/>.</summary>
    public static string Format(string siteId, long sequence, bool encrypted)
    {
        SiteId.Validate(siteId, "Bundle name");
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return $"{siteId}-{sequence.ToString("D8", CultureInfo.InvariantCulture)}{(encrypted ? EncryptedExtension : Extension)}";
    }

    /// <summary>Site and sequence from a bundle's name, plain (<c>.zip</c>) or encrypted (<c>.zip.enc</c>).</summary>
    public static bool TryParse(string fileName, out string siteId, out long sequence) => TryParse(fileName, out siteId, out sequence, out _);

    /// <summary>Site and sequence from a bundle's name, and whether the name is an encrypted bundle's.</summary>
    public static bool TryParse(string fileName, out string siteId, out long sequence, out bool encrypted)
    {
        var match = Pattern().Match(fileName);
        if (match.Success && long.TryParse(match.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0)
        {
            siteId = match.Groups["site"].Value;
            encrypted = match.Groups["enc"].Success;
            return true;
        }

        siteId = string.Empty;
        sequence = 0;
        encrypted = false;
        return false;
    }
}
