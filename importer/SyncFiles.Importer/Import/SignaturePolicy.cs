using System.Security.Cryptography;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Config;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Decides whether a bundle's signature is acceptable. The signature is checked over the raw file
/// bytes before any archive parser opens the bundle; once the manifest is read, its site and
/// sequence must be the ones that were signed. A site with a public key, or with revoked keys,
/// must sign every bundle; <c>requireSignatures</c> extends that to every site. An unsigned bundle
/// of a site that must sign (by <c>requireSignatures</c>, or by the site its file name gives) is
/// refused before a byte of it is read; a signature by a revoked key is refused like a forged one.
/// </summary>
public sealed class SignaturePolicy
{
    private static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> NoneRevoked = new Dictionary<string, IReadOnlySet<string>>();

    private readonly bool _requireSignatures;
    private readonly IReadOnlyDictionary<string, ECDsa> _keys;
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _revoked;

    /// <param name="requireSignatures">Every bundle of every site must be signed.</param>
    /// <param name="keys">Per site (without case), its public key.</param>
    /// <param name="revokedKeys">Per site (without case), the key ids it may no longer sign with.</param>
    public SignaturePolicy(bool requireSignatures, IReadOnlyDictionary<string, ECDsa> keys, IReadOnlyDictionary<string, IReadOnlySet<string>>? revokedKeys = null)
    {
        _requireSignatures = requireSignatures;
        _keys = keys;
        _revoked = revokedKeys ?? NoneRevoked;
    }

    /// <summary>The policy of a loaded server configuration.</summary>
    public static SignaturePolicy For(ServerSettings settings) => new(settings.Config.RequireSignatures, settings.PublicKeys, settings.RevokedKeys);

    /// <summary>
    /// A bundle without a <c>.sig</c>, before anything of it is read: refused when every bundle
    /// must be signed, or when the site its file name begins with must sign. The manifest's site
    /// is checked again once read (<see cref="CheckManifest"/>), so a misleading name gains nothing.
    /// </summary>
    public void CheckUnsignedBeforeReading(string fileName)
    {
        if (_requireSignatures)
        {
            throw new BundleRejectedException(
                $"{fileName} has no signature ({fileName}{BundleSignature.Extension}) and requireSignatures is on, so it was not opened. The .sig file was left behind on the way. {OperatorAdvice.FreshCopy(fileName)}");
        }

        // Site ids hold no '-': the name's site is what comes before the first one.
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        var site = dash > 0 ? fileName[..dash] : null;
        if (site is not null && Common.Schema.SiteId.IsValid(site) && MustSign(site))
        {
            throw new BundleRejectedException(
                $"{fileName} (site {site} by its name) is not signed, but the site {Why(site)}: its bundles must carry a signature ({fileName}{BundleSignature.Extension}), so it was not opened. " +
                "If it is genuine, its .sig was left behind on the way. " +
                (BundleFileName.TryParse(fileName, out _, out var sequence)
                    ? $"At site {site} run \"{OperatorAdvice.ResendCommand(sequence, sequence)}\", then bring {fileName} and its .sig to the inbox."
                    : OperatorAdvice.FreshCopy(fileName)));
        }
    }

    /// <summary>Before parsing: a present signature must verify, by a key that is not revoked.</summary>
    public void CheckBeforeParsing(string fileName, BundleSignature? signature, string fileSha256)
    {
        if (signature is null)
        {
            CheckUnsignedBeforeReading(fileName);
            return;
        }

        if (_revoked.TryGetValue(signature.SiteId, out var revoked) && revoked.Contains(signature.KeyId))
        {
            throw new BundleRejectedException(
                $"{fileName} is signed for site {signature.SiteId} with key id {signature.KeyId}, which server.json revokes (\"revokedKeys\" of site {signature.SiteId}), so it was not opened. " +
                "If the site really sent it, it still signs with its old key: make a new pair at the site (syncfiles-export keygen), put its public key as the site's \"publicKey\", switch the site's \"signingKey\", then resend.");
        }

        if (!_keys.TryGetValue(signature.SiteId, out var key))
        {
            throw new BundleRejectedException(
                $"{fileName} is signed for site {signature.SiteId}, which has no publicKey in the server configuration, so it was not opened. Add the site's public key ({signature.SiteId}.public.pem from 'syncfiles-export keygen') as \"publicKey\" of site {signature.SiteId} in server.json, then move the bundle and its .sig back into the inbox.");
        }

        if (BundleSigner.Problem(signature, key, fileSha256) is { } problem)
        {
            throw new BundleRejectedException(
                $"{fileName}: bad signature: {problem}. The bundle was not opened. Either the file was altered on the way ({OperatorAdvice.FreshCopy(fileName)}) or the site signs with another key than its publicKey in server.json (if the site made a new key, put its new public key there).");
        }
    }

    /// <summary>After reading the manifest: the signature must cover this site and sequence, and a site with a key must sign.</summary>
    public void CheckManifest(string fileName, Manifest manifest, BundleSignature? signature)
    {
        if (signature is null)
        {
            if (MustSign(manifest.SiteId))
            {
                throw new BundleRejectedException(
                    $"{fileName} of site {manifest.SiteId} is not signed, but the site {Why(manifest.SiteId)}: its bundles must carry a signature ({fileName}{BundleSignature.Extension}), which was left behind on the way. " +
                    $"At site {manifest.SiteId} run \"{OperatorAdvice.ResendCommand(manifest.Sequence, manifest.Sequence)}\", then bring {fileName} and its .sig to the inbox.");
            }

            return;
        }

        if (signature.SiteId != manifest.SiteId || signature.Sequence != manifest.Sequence)
        {
            throw new BundleRejectedException(
                $"{fileName}: the signature is for site {signature.SiteId} sequence {signature.Sequence}, but the manifest says site {manifest.SiteId} sequence {manifest.Sequence}.");
        }
    }

    /// <summary>True when the site's bundles must be signed: every site's under requireSignatures, else a site with a publicKey or revoked keys.</summary>
    public bool MustSign(string siteId) => _requireSignatures || _keys.ContainsKey(siteId) || _revoked.ContainsKey(siteId);

    private string Why(string siteId) =>
        _keys.ContainsKey(siteId) ? "has a publicKey" : _revoked.ContainsKey(siteId) ? "has revoked keys (a site whose key was revoked is never trusted unsigned)" : "is covered by requireSignatures";
}
