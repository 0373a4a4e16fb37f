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
    /// <param name="text">
    /// The messages of the setting the key was read for (CommonText.Get for signing keys,
    /// EncryptionText.Get for encryption keys): both resources name the refusals KeyNotP256,
    /// KeyNotPrivatePem, KeyNotPublicPem and KeyNoPem.
    /// </param>
    public static TKey Import<TKey>(TKey key, string pem, string path, bool isPrivate, Func<string, object?[], LocalizedText> text)
        where TKey : ECAlgorithm
    {
        try
        {
            key.ImportFromPem(pem);
            var curve = key.ExportParameters(false).Curve;
            if (key.KeySize != 256 || curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ConfigurationException(text(nameof(CommonMessages.KeyNotP256), [path]));
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
            throw new ConfigurationException(text(isPrivate ? nameof(CommonMessages.KeyNotPrivatePem) : nameof(CommonMessages.KeyNotPublicPem), [path, ex.Message]), ex);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new ConfigurationException(text(nameof(CommonMessages.KeyNoPem), [path, ex.Message]), ex);
        }
        catch (ConfigurationException)
        {
            key.Dispose();
            throw;
        }
    }
}
