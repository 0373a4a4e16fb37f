using SyncFiles.Common.IO;
using SyncFiles.Common.Signing;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// Writes head office's ECDH P-256 encryption key pair as <c>&lt;name&gt;.private.pem</c>
/// (owner-only: it reads every bundle) and <c>&lt;name&gt;.public.pem</c> (given to the sites for
/// <c>encryptTo</c>). A key pair of its own, never the signing pair: one key, one purpose. An
/// existing file is never overwritten: losing a private key loses every bundle still encrypted for it.
/// </summary>
public static class EncryptionKeyPairFiles
{
    public static KeyPairFiles.Created Create(string directory, string name)
    {
        PrivateFiles.CreateDirectory(directory);
        var privatePath = Path.GetFullPath(Path.Combine(directory, $"{name}.private.pem"));
        var publicPath = Path.GetFullPath(Path.Combine(directory, $"{name}.public.pem"));
        foreach (var path in new[] { privatePath, publicPath })
        {
            if (File.Exists(path))
            {
                throw new ConfigurationException(Receipts.ReceiptText.Get(nameof(Receipts.ReceiptMessages.KeyExists), path));
            }
        }

        using var key = EncryptionKeys.Create();
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

        return new KeyPairFiles.Created(privatePath, publicPath, EncryptionKeys.KeyId(key));
    }
}
