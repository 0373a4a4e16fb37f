using System.Security.Cryptography;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// Head office's encryption public key, as a site holds it (site.json <c>encryptTo</c>): what every
/// bundle is encrypted for. Holding it lets a site encrypt, never decrypt.
/// </summary>
public sealed class EncryptionRecipient : IDisposable
{
    private EncryptionRecipient(ECDiffieHellman key)
    {
        Key = key;
        KeyId = EncryptionKeys.KeyId(key);
        Point = EncryptionKeys.Point(key);
    }

    /// <summary>16 lower-case hex digits: SHA-256 of the SubjectPublicKeyInfo, as for signing keys.</summary>
    public string KeyId { get; }

    internal ECDiffieHellman Key { get; }

    internal byte[] Point { get; }

    /// <summary>Loads a public key PEM file; a missing, unreadable, private or non-P-256 key is a <see cref="ConfigurationException"/>.</summary>
    public static EncryptionRecipient Load(string publicPemPath) => new(EncryptionKeys.LoadPublic(publicPemPath));

    public void Dispose() => Key.Dispose();
}
