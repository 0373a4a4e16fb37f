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
    public static KeyPairFiles.Created Create(string directory, string name) =>
        KeyPairFiles.Create(directory, name, EncryptionKeys.Create, EncryptionKeys.KeyId);
}
