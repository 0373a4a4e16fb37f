using System.Security.Cryptography;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Signing;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Decides whether a bundle's signature is acceptable. The signature is checked over the raw file
/// bytes before any archive parser opens the bundle; once the manifest is read, its site and
/// sequence must be the ones that were signed. A site with a public key must sign every bundle;
/// <c>requireSignatures</c> extends that to every site (and then no unsigned bundle is parsed at all).
/// </summary>
public sealed class SignaturePolicy
{
    private readonly bool _requireSignatures;
    private readonly IReadOnlyDictionary<string, ECDsa> _keys;

    public SignaturePolicy(bool requireSignatures, IReadOnlyDictionary<string, ECDsa> keys)
    {
        _requireSignatures = requireSignatures;
        _keys = keys;
    }

    /// <summary>Before parsing: a present signature must verify; a missing one is refused when every bundle must be signed.</summary>
    public void CheckBeforeParsing(string fileName, BundleSignature? signature, string fileSha256)
    {
        if (signature is null)
        {
            if (_requireSignatures)
            {
                throw new BundleRejectedException(
                    $"{fileName} has no signature ({fileName}{BundleSignature.Extension}) and requireSignatures is on, so it was not opened. The .sig file was left behind on the way. {OperatorAdvice.FreshCopy(fileName)}");
            }

            return;
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
            if (_keys.ContainsKey(manifest.SiteId))
            {
                throw new BundleRejectedException(
                    $"{fileName} of site {manifest.SiteId} is not signed, but the site has a publicKey: its bundles must carry a signature ({fileName}{BundleSignature.Extension}), which was left behind on the way. " +
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
}
