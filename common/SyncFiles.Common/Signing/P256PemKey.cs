using System.Security.Cryptography;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Signing;

/// <summary>
/// Fills a new key object (ECDSA for signing, ECDH for encryption) from a PEM file's text, refusing
/// anything but a P-256 key, and a public key where a private one is needed, in the words of the
/// setting it was read for. On a refusal the key object is disposed.
/// </summary>
internal static class P256PemKey
{
    /// <summary>The refusals of one kind of key, each given the file's path (and the reason, where there is one).</summary>
    public sealed record Refusals(
        Func<string, LocalizedText> NotP256,
        Func<string, string, LocalizedText> NotPrivatePem,
        Func<string, string, LocalizedText> NotPublicPem,
        Func<string, string, LocalizedText> NoPem);

    public static TKey Import<TKey>(TKey key, string pem, string path, bool isPrivate, Refusals refusals)
        where TKey : ECAlgorithm
    {
        try
        {
            key.ImportFromPem(pem);
            var curve = key.ExportParameters(false).Curve;
            if (key.KeySize != 256 || curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ConfigurationException(refusals.NotP256(path));
            }

            if (isPrivate)
            {
                // A public key where a private one is configured would fail at its first use; say so now.
                _ = key.ExportParameters(includePrivateParameters: true);
            }

            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new ConfigurationException(isPrivate ? refusals.NotPrivatePem(path, ex.Message) : refusals.NotPublicPem(path, ex.Message), ex);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new ConfigurationException(refusals.NoPem(path, ex.Message), ex);
        }
        catch (ConfigurationException)
        {
            key.Dispose();
            throw;
        }
    }
}
