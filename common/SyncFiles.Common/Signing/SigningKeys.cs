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

        return P256PemKey.Import(SigningUnavailableException.Guard(ECDsa.Create), pem, path, isPrivate, CommonText.Get);
    }
}
