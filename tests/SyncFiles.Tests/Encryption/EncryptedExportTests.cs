using System.Security.Cryptography;
using System.Text;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Signing;
using SyncFiles.Tests.Exporter;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// site.json's <c>encryptTo</c> as a shop uses it: every bundle leaves as <c>.zip.enc</c>, and
/// nothing the site writes (outbox, archive, any temporary file) reveals a row; the sequence,
/// archive, resend and status logic knows the new name; the signature covers the encrypted bytes;
/// a key that cannot be used stops the export before any bundle exists (exit 2).
/// </summary>
public sealed class EncryptedExportTests
{
    private const string Customer = "Mme Josiane Dupont-Lefèvre, 12 rue des Lilas";

    [Fact]
    public async Task Outbox_and_archive_hold_only_encrypted_bundles_in_which_no_value_or_name_is_findable()
    {
        using var sync = EncryptedShop(out var headOffice);
        sync.ExecuteSource(ShopData.Factures(1, 50, round: 0) + CustomerRow(999));

        var bundle = await sync.ExportOkAsync();

        Assert.EndsWith("AG01-00000001.zip.enc", bundle, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip.enc"], SyncFixture.Files(sync.Outbox));
        Assert.Equal(["AG01-00000001.zip.enc"], SyncFixture.Files(sync.ArchiveOf()));
        Assert.Equal(File.ReadAllBytes(bundle), File.ReadAllBytes(Path.Combine(sync.ArchiveOf(), "AG01-00000001.zip.enc")));

        // The plaintext (decrypted in memory here) names its tables in clear and holds the customer.
        var plain = Decrypt(bundle, headOffice.PrivateKeyPath);
        Assert.True(Contains(plain, "tables/factures.csv"u8.ToArray()));
        Assert.Contains(Customer, TestBundles.ReadEntry(plain, "tables/factures.csv"), StringComparison.Ordinal);

        // No file the site wrote into the outbox tree shows any of it, nor the zip's own marks.
        foreach (var file in Directory.EnumerateFiles(sync.Outbox, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in new[] { Encoding.UTF8.GetBytes(Customer), Encoding.UTF8.GetBytes("Dupont"), "tables/factures.csv"u8.ToArray(), "manifest.json"u8.ToArray(), "PK\u0003\u0004"u8.ToArray(), "remarque 7"u8.ToArray() })
            {
                Assert.False(Contains(bytes, secret), $"{file} reveals \"{Encoding.UTF8.GetString(secret)}\"");
            }
        }
    }

    [Fact]
    public async Task The_encrypted_bundle_reads_back_as_the_bundle_with_its_header_naming_site_sequence_and_key()
    {
        using var sync = EncryptedShop(out var headOffice);
        sync.ExecuteSource(ShopData.Factures(1, 20, round: 0));

        var bundle = await sync.ExportOkAsync();

        using var keys = DecryptionKeyRing.Load([headOffice.PrivateKeyPath]);
        using var file = File.OpenRead(bundle);
        using var plain = DecryptingStream.Open(file, keys, Path.GetFileName(bundle));
        Assert.Equal(("AG01", 1L, headOffice.KeyId), (plain.Header.SiteId, plain.Header.Sequence, plain.Header.RecipientKeyId));
        using var reader = BundleReader.Open(plain, Path.GetFileName(bundle));
        Assert.Equal(("AG01", 1L), (reader.Manifest.SiteId, reader.Manifest.Sequence));
        Assert.Equal(20L, reader.Manifest.Tables.Single(t => t.Name == "factures").Rows);
    }

    [Fact]
    public async Task The_signature_is_over_the_encrypted_bytes_and_published_beside_them()
    {
        using var sync = EncryptedShop(out _);
        using var signingKeys = new TempDirectory();
        var signingKey = await SignedSite.KeygenAsync(signingKeys);
        var encryptTo = ReadConfigValue(sync, "encryptTo");
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["encryptTo"] = encryptTo;
            config["signingKey"] = signingKey;
        });
        sync.ExecuteSource(ShopData.Factures(1, 20, round: 0));

        var bundle = await sync.ExportOkAsync();

        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000001.zip.enc.sig"], SyncFixture.Files(sync.Outbox));
        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000001.zip.enc.sig"], SyncFixture.Files(sync.ArchiveOf()));
        var signature = BundleSignature.Parse(File.ReadAllBytes(bundle + ".sig"), "sig");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(bundle))), signature.BundleSha256);
        using var publicKey = SigningKeys.LoadPublic(SignedSite.PublicKey(signingKeys));
        Assert.True(publicKey.VerifyData(
            BundleSignature.Statement(signature.SiteId, signature.Sequence, signature.KeyId, signature.BundleSha256),
            Convert.FromBase64String(signature.Signature),
            HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task Sequence_resend_and_status_know_the_encrypted_name_and_the_state_records_it()
    {
        using var sync = EncryptedShop(out var headOffice);
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        var second = await sync.ExportOkAsync();

        Assert.EndsWith("AG01-00000002.zip.enc", second, StringComparison.Ordinal);
        Assert.Contains("\"lastBundleFile\": \"AG01-00000002.zip.enc\"", File.ReadAllText(sync.StatePath), StringComparison.Ordinal);

        // The courier empties the outbox, head office asks for 1 again.
        foreach (var file in Directory.GetFiles(sync.Outbox))
        {
            File.Delete(file);
        }

        var resent = await sync.ResendAsync("--from", "1", "--to", "1");
        Assert.True(resent.ExitCode == 0, resent.ToString());
        Assert.Equal(["AG01-00000001.zip.enc"], SyncFixture.Files(sync.Outbox));
        Assert.Equal(File.ReadAllBytes(Path.Combine(sync.ArchiveOf(), "AG01-00000001.zip.enc")), File.ReadAllBytes(Path.Combine(sync.Outbox, "AG01-00000001.zip.enc")));

        var status = await sync.StatusAsync();
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("AG01-00000001.zip.enc", status.Output, StringComparison.Ordinal);
        Assert.Contains("Archived:       1..2 (2 bundles", status.Output, StringComparison.Ordinal);
        Assert.Contains("Next bundle:    3", status.Output, StringComparison.Ordinal);
        Assert.Contains($"Encryption:     bundles are encrypted for head office key {headOffice.KeyId} ({headOffice.PublicKeyPath})", status.Output, StringComparison.Ordinal);

        // Turned off again, the next bundle is plain and numbered on.
        sync.UpdateSiteConfig(config => config["tables"] = ShopSchemas.ShopSiteTables);
        sync.ExecuteSource(ShopData.Factures(21, 30, round: 2));
        Assert.EndsWith("AG01-00000003.zip", await sync.ExportOkAsync(), StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000002.zip.enc", "AG01-00000003.zip"], SyncFixture.Files(sync.ArchiveOf()));
        Assert.Contains("Encryption:     off", (await sync.StatusAsync()).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_that_cannot_be_published_leaves_no_file_and_the_state_untouched()
    {
        using var sync = EncryptedShop(out _);
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var stateAfterFirst = File.ReadAllBytes(sync.StatePath);

        // Something already sits under bundle 2's final name, so the rename fails.
        var blocker = Directory.CreateDirectory(Path.Combine(sync.Outbox, "AG01-00000002.zip.enc"));
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        var failed = await sync.ExportAsync();

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal(stateAfterFirst, File.ReadAllBytes(sync.StatePath));
        Assert.Equal(["AG01-00000001.zip.enc"], SyncFixture.Files(sync.ArchiveOf()));
        Assert.Equal(["AG01-00000001.zip.enc"], SyncFixture.Files(sync.Outbox));

        blocker.Delete();
        Assert.EndsWith("AG01-00000002.zip.enc", await sync.ExportOkAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("private")]
    [InlineData("not a key")]
    public async Task An_unusable_encryptTo_key_is_a_configuration_error_before_any_bundle(string problem)
    {
        using var sync = EncryptedShop(out var headOffice);
        var path = problem switch
        {
            "missing" => Path.Combine(sync.Root, "keys", "nowhere.public.pem"),
            "private" => headOffice.PrivateKeyPath,
            _ => Path.Combine(sync.Root, "keys", "garbage.public.pem"),
        };
        File.WriteAllText(Path.Combine(sync.Root, "keys", "garbage.public.pem"), "hello\n");
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["encryptTo"] = path;
        });
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("encryptTo", result.Error, StringComparison.Ordinal);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));
        Assert.False(File.Exists(sync.StatePath));

        var status = await sync.StatusAsync();
        Assert.Contains("Encryption:     encryptTo is set, but its key cannot be used", status.Output, StringComparison.Ordinal);
    }

    private static SyncFixture EncryptedShop(out KeyPairFiles.Created headOffice)
    {
        var sync = ShopSchemas.NewShop();
        headOffice = EncryptionKeyPairFiles.Create(Path.Combine(sync.Root, "keys"), "headoffice-encryption");
        var publicKey = headOffice.PublicKeyPath;
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["encryptTo"] = publicKey;
        });
        return sync;
    }

    private static string ReadConfigValue(SyncFixture sync, string key) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(sync.SiteConfigPath)).RootElement.GetProperty(key).GetString()!;

    private static string CustomerRow(int id) =>
        $"INSERT INTO factures VALUES ({id}, 'F{id}', '12.50', '{Customer}', '{ShopData.Stamp(0)}');";

    private static byte[] Decrypt(string bundle, string privateKey)
    {
        using var keys = DecryptionKeyRing.Load([privateKey]);
        using var file = File.OpenRead(bundle);
        using var plain = DecryptingStream.Open(file, keys, Path.GetFileName(bundle));
        using var copy = new MemoryStream();
        plain.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
