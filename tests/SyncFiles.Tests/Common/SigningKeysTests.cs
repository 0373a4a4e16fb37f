using System.Security.Cryptography;
using SyncFiles.Common;
using SyncFiles.Common.Signing;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>A signing key file that is not what its setting needs is refused with a message naming the file, never used.</summary>
public sealed class SigningKeysTests
{
    [Fact]
    public void A_key_on_another_curve_is_refused_naming_the_file()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("p384.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP384))
        {
            File.WriteAllText(path, key.ExportSubjectPublicKeyInfoPem());
        }

        var refused = Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPublic(path));

        Assert.Contains($"The key {path} is not an ECDSA P-256 key", refused.Text.English, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_where_the_private_key_is_needed_is_refused_and_a_file_without_pem_too()
    {
        using var folder = new TempDirectory();
        var created = KeyPairFiles.Create(folder.Path, "AG01");
        var text = folder.Combine("notes.txt");
        File.WriteAllText(text, "not a key\n");

        var publicAsPrivate = Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPrivate(created.PublicKeyPath));
        var noPem = Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPublic(text));

        Assert.Contains(created.PublicKeyPath, publicAsPrivate.Text.English, StringComparison.Ordinal);
        Assert.Contains($"The key {text} holds no PEM key", noPem.Text.English, StringComparison.Ordinal);
        using var loaded = SigningKeys.LoadPrivate(created.PrivateKeyPath);
        Assert.Equal(created.KeyId, SigningKeys.KeyId(loaded));
    }
}
