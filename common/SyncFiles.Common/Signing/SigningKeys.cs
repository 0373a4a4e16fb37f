using System.Security.Cryptography;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Signing;

/// <summary>
/// Per-site ECDSA P-256 key pairs as PEM files (PKCS#8 private key, SubjectPublicKeyInfo public
/// key), from System.Security.Cryptography: no native dependency beyond the platform's own.
/// </summary>
public static class SigningKeys
{
    public static ECDsa Create() => SigningUnavailableException.Guard(() => ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The first 16 hex digits of SHA-256 over the public key's SubjectPublicKeyInfo.</summary>
    public static string KeyId(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    public static ECDsa LoadPrivate(string path) => Load(path, isPrivate: true);

    public static ECDsa LoadPublic(string path) => Load(path, isPrivate: false);

    private static ECDsa Load(string path, bool isPrivate)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(CommonText.Get(isPrivate ? nameof(CommonMessages.SigningKeyUnreadable) : nameof(CommonMessages.PublicKeyUnreadable), path, ex.Message), ex);
        }

        var key = SigningUnavailableException.Guard(ECDsa.Create);
        try
        {
            key.ImportFromPem(pem);
            var curve = key.ExportParameters(false).Curve;
            if (key.KeySize != 256 || curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.KeyNotP256), path));
            }

            if (isPrivate)
            {
                // A public key in the signingKey setting would fail at the first signature; say so now.
                _ = key.ExportParameters(includePrivateParameters: true);
            }

            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new ConfigurationException(CommonText.Get(isPrivate ? nameof(CommonMessages.KeyNotPrivatePem) : nameof(CommonMessages.KeyNotPublicPem), path, ex.Message), ex);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.KeyNoPem), path, ex.Message), ex);
        }
        catch (ConfigurationException)
        {
            key.Dispose();
            throw;
        }
    }
}
