using System.Security.Cryptography;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

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
    public static LocalizedText Check(string path, Manifest manifest, SignaturePolicy? policy)
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
                ? ImporterText.Get(nameof(ImporterMessages.SigUnsignedAccepted), name, BundleSignature.Extension, manifest.SiteId)
                : ImporterText.Get(nameof(ImporterMessages.SigChecked), signature.SiteId, signature.KeyId);
        }

        if (signature is null)
        {
            return ImporterText.Get(nameof(ImporterMessages.SigUnsigned), name, BundleSignature.Extension);
        }

        if (!string.Equals(signature.BundleSha256, sha256, StringComparison.Ordinal))
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigOtherBytes), name, BundleSignature.Extension, signature.BundleSha256, sha256));
        }

        if (signature.SiteId != manifest.SiteId || signature.Sequence != manifest.Sequence)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigOtherSite), name, signature.SiteId, signature.Sequence, manifest.SiteId, manifest.Sequence));
        }

        return ImporterText.Get(nameof(ImporterMessages.SigNotChecked), signature.SiteId, signature.KeyId);
    }
}
