using System.Security.Cryptography;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Signing;

namespace SyncFiles.Importer.Import;

/// <summary>
/// The signature check of <c>verify</c> and <c>init --from-bundle</c>, for a bundle whose manifest
/// is already verified: with a server configuration's <see cref="SignaturePolicy"/>, exactly the
/// checks of a run (the site's key, revoked keys, who must sign); without one, what can be checked
/// without a key (the <c>.sig</c> is for these bytes, this site and sequence). A refused signature
/// throws <see cref="BundleRejectedException"/>; otherwise the answer says plainly what was proven,
/// and "unsigned" when there is no <c>.sig</c>.
/// </summary>
public static class BundleSignatureCheck
{
    public static string Check(string path, Manifest manifest, SignaturePolicy? policy)
    {
        var name = Path.GetFileName(path);
        var signature = InboxBundle.ReadSignatureOf(path);
        string sha256;
        using (var stream = InboxBundle.OpenRead(path))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        if (policy is not null)
        {
            policy.CheckBeforeParsing(name, signature, sha256);
            policy.CheckManifest(name, manifest, signature);
            return signature is null
                ? $"unsigned (no {name}{BundleSignature.Extension}): nothing proves which site made it; server.json accepts unsigned bundles of site {manifest.SiteId}"
                : $"signed by site {signature.SiteId} with key id {signature.KeyId}, checked against its publicKey in server.json";
        }

        if (signature is null)
        {
            return $"unsigned (no {name}{BundleSignature.Extension}): nothing proves which site made it";
        }

        if (!string.Equals(signature.BundleSha256, sha256, StringComparison.Ordinal))
        {
            throw new BundleRejectedException(
                $"{name}: bad signature: {name}{BundleSignature.Extension} signs other bytes (sha256 {signature.BundleSha256}) than this file's ({sha256}): the file was altered, or the .sig belongs to another bundle.");
        }

        if (signature.SiteId != manifest.SiteId || signature.Sequence != manifest.Sequence)
        {
            throw new BundleRejectedException(
                $"{name}: the signature is for site {signature.SiteId} sequence {signature.Sequence}, but the manifest says site {manifest.SiteId} sequence {manifest.Sequence}.");
        }

        return $"signed for site {signature.SiteId} with key id {signature.KeyId}, NOT checked against the site's key (give --config server.json to check it)";
    }
}
