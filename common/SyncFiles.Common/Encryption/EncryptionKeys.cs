using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SyncFiles.Common.Signing;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// Head office's encryption keys: ECDH P-256 as PEM files (PKCS#8 private, SubjectPublicKeyInfo
/// public), their key id, and the payload key derivation every encrypted bundle uses. Only
/// System.Security.Cryptography: no native dependency beyond the platform's own.
/// </summary>
internal static class EncryptionKeys
{
    /// <summary>HKDF's info: names the purpose so this key can never be confused with another use of the same secret.</summary>
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("syncfiles-bundle-encryption-v1");

    public static ECDiffieHellman Create() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The first 16 hex digits of SHA-256 over the SubjectPublicKeyInfo: the same rule as signing key ids.</summary>
    public static string KeyId(ECDiffieHellman key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>The public key as an uncompressed SEC1 point (0x04 || X || Y), 65 bytes.</summary>
    public static byte[] Point(ECDiffieHellman key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        var point = new byte[EncryptedBundleHeader.PointSize];
        point[0] = 0x04;
        q.X!.CopyTo(point, 1);
        q.Y!.CopyTo(point, 33);
        return point;
    }

    /// <summary>A public key from an uncompressed point; the import refuses a point that is not on the curve.</summary>
    public static ECDiffieHellman FromPoint(byte[] point) => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = point[1..33], Y = point[33..65] },
    });

    public static bool IsPointOnP256(byte[] point)
    {
        if (point.Length != EncryptedBundleHeader.PointSize || point[0] != 0x04)
        {
            return false;
        }

        try
        {
            using var key = FromPoint(point);
            return true;
        }
        catch (CryptographicException)
        {
            // Not on the curve (or the point at infinity): an invalid-curve attack or damage, refused either way.
            return false;
        }
    }

    /// <summary>
    /// HKDF-SHA256 over the raw ECDH secret, salted with both points (binds the key to this
    /// ephemeral key and this recipient): 32 bytes for AES-256-GCM.
    /// </summary>
    public static byte[] PayloadKey(ECDiffieHellman privateSide, ECDiffieHellman publicSide, ReadOnlySpan<byte> ephemeralPoint, ReadOnlySpan<byte> recipientPoint)
    {
        var shared = privateSide.DeriveRawSecretAgreement(publicSide.PublicKey);
        try
        {
            var salt = new byte[ephemeralPoint.Length + recipientPoint.Length];
            ephemeralPoint.CopyTo(salt);
            recipientPoint.CopyTo(salt.AsSpan(ephemeralPoint.Length));
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt, Info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>The 12-byte GCM nonce: the chunk counter as 11 big-endian bytes, then 1 on the final chunk, else 0.</summary>
    public static void Nonce(Span<byte> nonce, long counter, bool final)
    {
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[3..11], counter);
        nonce[11] = final ? (byte)1 : (byte)0;
    }

    public static ECDiffieHellman LoadPublic(string path) => Load(path, isPrivate: false);

    public static ECDiffieHellman LoadPrivate(string path) => Load(path, isPrivate: true);

    private static ECDiffieHellman Load(string path, bool isPrivate)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(EncryptionText.Get(nameof(EncryptionMessages.KeyUnreadable), path, ex.Message), ex);
        }

        if (!isPrivate && pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            // A private key copied to a shop would let anyone with that PC read every bundle: refuse it.
            throw new ConfigurationException(EncryptionText.Get(nameof(EncryptionMessages.PrivateKeyGivenAsPublic), path));
        }

        return P256PemKey.Import(ECDiffieHellman.Create(), pem, path, isPrivate, EncryptionText.Get);
    }
}
