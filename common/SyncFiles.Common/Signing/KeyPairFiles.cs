using System.Security.Cryptography;
using SyncFiles.Common.IO;

namespace SyncFiles.Common.Signing;

/// <summary>
/// Writes a new ECDSA P-256 key pair as <c>&lt;name&gt;.private.pem</c> (owner-only: it signs) and
/// <c>&lt;name&gt;.public.pem</c> (meant to be handed out). An existing key is never overwritten:
/// replacing a key by mistake would make everything it signed unverifiable.
/// </summary>
public static class KeyPairFiles
{
    public sealed record Created(string PrivateKeyPath, string PublicKeyPath, string KeyId);

    public static Created Create(string directory, string name) => Create(directory, name, SigningKeys.Create, SigningKeys.KeyId);

    /// <summary>
    /// Writes a new pair of any P-256 key kind (signing here and for a site's keygen, encryption in
    /// <see cref="Encryption.EncryptionKeyPairFiles"/>): both files are checked absent before the key is made.
    /// </summary>
    internal static Created Create<TKey>(string directory, string name, Func<TKey> createKey, Func<TKey, string> keyId)
        where TKey : ECAlgorithm
    {
        var privatePath = Path.GetFullPath(Path.Combine(directory, $"{name}.private.pem"));
        var publicPath = Path.GetFullPath(Path.Combine(directory, $"{name}.public.pem"));
        foreach (var path in new[] { privatePath, publicPath })
        {
            if (File.Exists(path))
            {
                throw new ConfigurationException(Receipts.ReceiptText.Get(nameof(Receipts.ReceiptMessages.KeyExists), path));
            }
        }

        // Made before anything is written: a machine without the crypto leaves no empty folder behind.
        using var key = createKey();
        PrivateFiles.CreateDirectory(directory);
        using (var writer = new StreamWriter(PrivateFiles.CreateNew(privatePath)))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }

        using (var writer = new StreamWriter(new FileStream(publicPath, FileMode.CreateNew, FileAccess.Write, FileShare.None)))
        {
            writer.Write(key.ExportSubjectPublicKeyInfoPem());
            writer.Write('\n');
        }

        return new Created(privatePath, publicPath, keyId(key));
    }
}
