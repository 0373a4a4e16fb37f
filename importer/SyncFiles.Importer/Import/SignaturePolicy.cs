using System.Security.Cryptography;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Text;

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
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigNoSigRequired), fileName, BundleSignature.Extension, OperatorAdvice.FreshCopy(fileName)));
        }

        // Site ids hold no '-': the name's site is what comes before the first one.
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        var site = dash > 0 ? fileName[..dash] : null;
        if (site is not null && Common.Schema.SiteId.IsValid(site) && MustSign(site))
        {
            var advice = BundleFileName.TryParse(fileName, out _, out var sequence)
                ? ImporterText.Get(nameof(ImporterMessages.SigResendAtSite), site, OperatorAdvice.ResendCommand(sequence, sequence), fileName)
                : OperatorAdvice.FreshCopy(fileName);
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigUnsignedByName), fileName, site, Why(site), BundleSignature.Extension, advice));
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
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigRevoked), fileName, signature.SiteId, signature.KeyId));
        }

        if (!_keys.TryGetValue(signature.SiteId, out var key))
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigNoPublicKey), fileName, signature.SiteId));
        }

        if (BundleSigner.Problem(signature, key, fileSha256) is { } problem)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigBad), fileName, problem, OperatorAdvice.FreshCopy(fileName)));
        }
    }

    /// <summary>After reading the manifest: the signature must cover this site and sequence, and a site with a key must sign.</summary>
    public void CheckManifest(string fileName, Manifest manifest, BundleSignature? signature)
    {
        if (signature is null)
        {
            if (MustSign(manifest.SiteId))
            {
                throw new BundleRejectedException(ImporterText.Get(
                    nameof(ImporterMessages.SigUnsignedManifest), fileName, manifest.SiteId, Why(manifest.SiteId), BundleSignature.Extension, OperatorAdvice.ResendCommand(manifest.Sequence, manifest.Sequence)));
            }

            return;
        }

        if (signature.SiteId != manifest.SiteId || signature.Sequence != manifest.Sequence)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.SigOtherSite), fileName, signature.SiteId, signature.Sequence, manifest.SiteId, manifest.Sequence));
        }
    }

    /// <summary>True when the site's bundles must be signed: every site's under requireSignatures, else a site with a publicKey or revoked keys.</summary>
    public bool MustSign(string siteId) => _requireSignatures || _keys.ContainsKey(siteId) || _revoked.ContainsKey(siteId);

    private LocalizedText Why(string siteId) => ImporterText.Get(
        _keys.ContainsKey(siteId) ? nameof(ImporterMessages.SigWhyKey) : _revoked.ContainsKey(siteId) ? nameof(ImporterMessages.SigWhyRevoked) : nameof(ImporterMessages.SigWhyRequired));
}
