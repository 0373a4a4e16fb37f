using System.Security.Cryptography;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Receipts;
using SyncFiles.Importer.Import;

namespace SyncFiles.Importer.Receipts;

/// <summary>
/// Whether a bundle put in quarantine was damaged on the way (the site resends its archived
/// original by itself) or refused for what it says (resending would fail again; head office must
/// act). Decided where the bundle is refused, from facts about the file rather than from message
/// text, and kept as the last line of its <c>.error.txt</c> so later runs still list it.
/// </summary>
public static class DamageClassification
{
    /// <summary>The start of the last line of a <c>.error.txt</c>; the word after it is the kind, never translated.</summary>
    public const string LinePrefix = "Damage: ";

    /// <summary>
    /// Transport when the bundle's bytes failed a format or hash check (except a value refused on
    /// its own merits), when its <c>.sig</c> signs other bytes, or when the <c>.sig</c> a signing
    /// site must send is missing (left behind on the way); content otherwise (an unknown site or
    /// table, a schema, a value, a key that is not the site's or is revoked, a renamed file).
    /// </summary>
    public static DamageKind Of(string bundlePath, string? siteId, bool formatDamage, string? refusedValue, SignaturePolicy signatures)
    {
        if (formatDamage)
        {
            return refusedValue is null ? DamageKind.Transport : DamageKind.Content;
        }

        return SignatureLostOrBroken(bundlePath, siteId, signatures) ? DamageKind.Transport : DamageKind.Content;
    }

    /// <summary>The line appended to the <c>.error.txt</c>.</summary>
    public static string Line(DamageKind damage) => damage == DamageKind.Transport
        ? $"{LinePrefix}transport (damaged on the way: the site resends its archived copy by itself once it reads head office's receipt)"
        : $"{LinePrefix}content (the bundle is intact but refused: resending it would not help, head office must act)";

    /// <summary>The kind a <c>.error.txt</c> ends with; null for files written before receipts existed.</summary>
    public static DamageKind? Parse(IReadOnlyList<string> lines)
    {
        var last = lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        if (last is null || !last.StartsWith(LinePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var word = last[LinePrefix.Length..].Split(' ')[0];
        return word switch
        {
            "transport" => DamageKind.Transport,
            "content" => DamageKind.Content,
            _ => null,
        };
    }

    private static bool SignatureLostOrBroken(string bundlePath, string? siteId, SignaturePolicy signatures)
    {
        try
        {
            var signature = InboxBundle.ReadSignatureOf(bundlePath);
            if (signature is null)
            {
                // Checked before anything else is read: a signing site's bundle without its .sig is refused for that alone.
                var site = siteId ?? (BundleFileName.TryParse(Path.GetFileName(bundlePath), out var named, out _) ? named : null);
                return site is not null && signatures.MustSign(site);
            }

            using var stream = InboxBundle.OpenRead(bundlePath);
            return !string.Equals(signature.BundleSha256, Convert.ToHexStringLower(SHA256.HashData(stream)), StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or BundleFormatException or NotAFileException)
        {
            // A .sig that cannot be read or parsed was damaged on the way as surely as the bundle.
            return File.Exists(bundlePath + Common.Signing.BundleSignature.Extension);
        }
    }
}
