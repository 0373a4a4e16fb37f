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

    public static Created Create(string directory, string name)
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

        using var key = SigningKeys.Create();
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

        return new Created(privatePath, publicPath, SigningKeys.KeyId(key));
    }
}
