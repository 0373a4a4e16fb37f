using SyncFiles.Common.Encryption;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Encryption;

/// <summary>Head office's encryption key pair, and a second unrelated pair, written once as real PEM files for the encryption tests.</summary>
public sealed class EncryptionKeysFixture : IDisposable
{
    private readonly TempDirectory _folder = new();

    public EncryptionKeysFixture()
    {
        HeadOffice = EncryptionKeyPairFiles.Create(_folder.Path, "headoffice-encryption");
        Other = EncryptionKeyPairFiles.Create(_folder.Path, "other-encryption");
    }

    public SyncFiles.Common.Signing.KeyPairFiles.Created HeadOffice { get; }

    public SyncFiles.Common.Signing.KeyPairFiles.Created Other { get; }

    public EncryptionRecipient Recipient() => EncryptionRecipient.Load(HeadOffice.PublicKeyPath);

    public DecryptionKeyRing Ring() => DecryptionKeyRing.Load([HeadOffice.PrivateKeyPath]);

    public byte[] Encrypt(ReadOnlySpan<byte> plain, string site = "AG01", long sequence = 7)
    {
        using var recipient = Recipient();
        using var output = new MemoryStream();
        using (var encrypting = new EncryptingStream(output, recipient, site, sequence, leaveOpen: true))
        {
            encrypting.Write(plain);
        }

        return output.ToArray();
    }

    public byte[] Decrypt(byte[] encrypted)
    {
        using var keys = Ring();
        using var decrypting = DecryptingStream.Open(new MemoryStream(encrypted), keys, "AG01-00000007.zip.enc");
        using var plain = new MemoryStream();
        decrypting.CopyTo(plain);
        return plain.ToArray();
    }

    public void Dispose() => _folder.Dispose();
}
