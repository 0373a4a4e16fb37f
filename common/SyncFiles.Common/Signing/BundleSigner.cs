using System.Security.Cryptography;

namespace SyncFiles.Common.Signing;

/// <summary>Signs and verifies bundle files.</summary>
public static class BundleSigner
{
    public static BundleSignature Sign(ECDsa privateKey, string siteId, long sequence, string bundleSha256)
    {
        var keyId = SigningKeys.KeyId(privateKey);
        var signature = privateKey.SignData(BundleSignature.Statement(siteId, sequence, keyId, bundleSha256), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new BundleSignature
        {
            SiteId = siteId,
            Sequence = sequence,
            KeyId = keyId,
            BundleSha256 = bundleSha256,
            Signature = Convert.ToBase64String(signature),
        };
    }

    /// <summary>
    /// Null when <paramref name="signature"/> is a valid signature by <paramref name="publicKey"/>
    /// of a bundle file whose SHA-256 is <paramref name="fileSha256"/>; otherwise why not.
    /// </summary>
    public static string? Problem(BundleSignature signature, ECDsa publicKey, string fileSha256)
    {
        if (!string.Equals(signature.BundleSha256, fileSha256, StringComparison.Ordinal))
        {
            return "the bundle's bytes are not the ones that were signed (altered or damaged after signing)";
        }

        var keyId = SigningKeys.KeyId(publicKey);
        if (!string.Equals(signature.KeyId, keyId, StringComparison.Ordinal))
        {
            return $"it was signed with key {signature.KeyId}, not with site {signature.SiteId}'s configured key {keyId}";
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature.Signature);
        }
        catch (FormatException)
        {
            return "the signature is not base64";
        }

        var statement = BundleSignature.Statement(signature.SiteId, signature.Sequence, signature.KeyId, signature.BundleSha256);
        return publicKey.VerifyData(statement, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : "the signature does not verify with the site's public key (forged, or signed by another key)";
    }
}
