using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Scenarios;
using SyncFiles.Tests.Support;
using static SyncFiles.Tests.Encryption.HeadOfficeEncryptionKit;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// Head office's tools for encrypted bundles, through the real command line: <c>keygen</c> (both
/// pairs, never overwriting), <c>decrypt</c> (atomic, never overwriting, exit 2 with the reason on a
/// wrong key or damage), and <c>verify</c> / <c>init --from-bundle</c> given the key.
/// </summary>
public sealed class HeadOfficeEncryptionCliTests : IDisposable
{
    private readonly SyncFixture _sync;
    private readonly TempDirectory _keys = new();

    public HeadOfficeEncryptionCliTests()
    {
        _sync = new SyncFixture(new SqliteTestDatabase(), new SqliteTestDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables);
        _sync.Source.Execute(ScenarioSchema.Source);
        _sync.Target.Execute(ScenarioSchema.Central);
    }

    public void Dispose()
    {
        _sync.Dispose();
        _keys.Dispose();
    }

    [Fact]
    public async Task Keygen_writes_the_signing_and_the_encryption_pair_says_where_each_goes_and_never_overwrites()
    {
        var result = await Import("keygen", "--out", _keys.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["headoffice-encryption.private.pem", "headoffice-encryption.public.pem", "headoffice.private.pem", "headoffice.public.pem"],
            SyncFixture.Files(_keys.Path));
        Assert.Contains("\"decryptionKeys\" in server.json", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"encryptTo\" in site.json", result.Output, StringComparison.Ordinal);
        using (var recipient = SyncFiles.Common.Encryption.EncryptionRecipient.Load(_keys.Combine("headoffice-encryption.public.pem")))
        {
            Assert.Contains($"encryption key id:      {recipient.KeyId}", result.Output, StringComparison.Ordinal);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_keys.Combine("headoffice-encryption.private.pem")));
        }

        var before = File.ReadAllText(_keys.Combine("headoffice-encryption.private.pem"));
        var again = await Import("keygen", "--out", _keys.Path);

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_keys.Combine("headoffice-encryption.private.pem")));
    }

    [Fact]
    public async Task Keygen_keeps_an_earlier_receipt_pair_and_adds_the_encryption_pair_but_refuses_half_a_pair()
    {
        SyncFiles.Common.Signing.KeyPairFiles.Create(_keys.Path, "headoffice");
        var signing = File.ReadAllText(_keys.Combine("headoffice.private.pem"));

        var result = await Import("keygen", "--out", _keys.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("kept as they are", result.Output, StringComparison.Ordinal);
        Assert.Equal(signing, File.ReadAllText(_keys.Combine("headoffice.private.pem")));
        Assert.True(File.Exists(_keys.Combine("headoffice-encryption.private.pem")));

        File.Delete(_keys.Combine("headoffice-encryption.public.pem"));
        var half = await Import("keygen", "--out", _keys.Path);

        Assert.True(half.ExitCode == 2, half.ToString());
        Assert.Contains("headoffice-encryption.private.pem is there without", half.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_keys.Combine("headoffice-encryption.public.pem")));
    }

    [Fact]
    public async Task Decrypt_gives_back_the_very_bundle_the_site_wrote_and_never_overwrites()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var plain = await ExportAsync();
        var encrypted = Encrypt(plain, key.PublicKeyPath, _keys.Combine("AG01-00000001.zip.enc"), "AG01", 1);
        var output = _keys.Combine("support.zip");

        var result = await Import("decrypt", encrypted, "--key", key.PrivateKeyPath, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(output));
        Assert.Contains("site AG01, sequence 1", result.Output, StringComparison.Ordinal);
        Assert.Contains(key.KeyId, result.Output, StringComparison.Ordinal);

        var again = await Import("decrypt", encrypted, "--key", key.PrivateKeyPath, "--out", output);

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("already exists; it is never overwritten", again.Error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Decrypt_with_another_key_or_of_a_damaged_file_exits_2_with_the_reason_and_writes_nothing()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var other = NewPair(_keys.Path, "other-encryption");
        var encrypted = Encrypt(await ExportAsync(), key.PublicKeyPath, _keys.Combine("AG01-00000001.zip.enc"), "AG01", 1);
        var output = _keys.Combine("support.zip");

        var wrongKey = await Import("decrypt", encrypted, "--key", other.PrivateKeyPath, "--out", output);

        Assert.True(wrongKey.ExitCode == 2, wrongKey.ToString());
        Assert.Contains($"encrypted for head office key {key.KeyId}, which is not among the keys configured ({other.KeyId})", wrongKey.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        var bytes = File.ReadAllBytes(encrypted);
        bytes[^5] ^= 0x40;
        var damaged = _keys.Combine("damaged.zip.enc");
        File.WriteAllBytes(damaged, bytes);
        var broken = await Import("decrypt", damaged, "--key", key.PrivateKeyPath, "--out", output);

        Assert.True(broken.ExitCode == 2, broken.ToString());
        Assert.Contains("decrypt: nothing was written", broken.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_keys.Path, "*.tmp"));

        var noKey = await Import("decrypt", encrypted, "--out", output);
        Assert.True(noKey.ExitCode == 2, noKey.ToString());
        Assert.Contains("--key", noKey.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reads_an_encrypted_bundle_with_the_key_given_or_with_server_json_and_asks_for_it_otherwise()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var encrypted = Encrypt(await ExportAsync(), key.PublicKeyPath, _keys.Combine("AG01-00000001.zip.enc"), "AG01", 1);

        var withKey = await Import("verify", encrypted, "--key", key.PrivateKeyPath);
        Assert.True(withKey.ExitCode == 0, withKey.ToString());
        Assert.Contains($"is encrypted for head office key {key.KeyId}", withKey.Output, StringComparison.Ordinal);

        UseKeys(_sync, key.PrivateKeyPath);
        var withConfig = await Import("verify", encrypted, "--config", _sync.ServerConfigPath);
        Assert.True(withConfig.ExitCode == 0, withConfig.ToString());

        var without = await Import("verify", encrypted);
        Assert.True(without.ExitCode == 2, without.ToString());
        Assert.Contains($"encrypted for head office key {key.KeyId}, but no decryption key is configured", without.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_from_an_encrypted_bundle_drafts_server_json_given_the_key()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var encrypted = Encrypt(await ExportAsync(), key.PublicKeyPath, _keys.Combine("AG01-00000001.zip.enc"), "AG01", 1);
        var draft = _keys.Combine("server.json");

        var without = await Import("init", "--from-bundle", encrypted, "--out", draft);
        Assert.True(without.ExitCode == 2, without.ToString());
        Assert.False(File.Exists(draft));

        var result = await Import("init", "--from-bundle", encrypted, "--key", key.PrivateKeyPath, "--out", draft);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"factures\"", File.ReadAllText(draft), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_given_the_key_sets_it_as_decryptionKeys_and_comments_requireEncryption()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var encrypted = Encrypt(await ExportAsync(), key.PublicKeyPath, _keys.Combine("AG01-00000001.zip.enc"), "AG01", 1);
        var draft = _keys.Combine("server.json");

        var result = await Import("init", "--from-bundle", encrypted, "--key", key.PrivateKeyPath, "--out", draft);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(draft);
        Assert.Contains($"this bundle was encrypted for head office key {key.KeyId}; these are the keys given to init with --key.", text, StringComparison.Ordinal);
        Assert.Contains("\n  \"decryptionKeys\": [\"headoffice-encryption.private.pem\"],", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("// \"requireEncryption\": true,", text, StringComparison.Ordinal);
        var settings = SyncFiles.Importer.Config.ServerSettings.Load(draft);
        Assert.Equal(["headoffice-encryption.private.pem"], settings.Config.DecryptionKeys);
        Assert.False(settings.Config.RequireEncryption);
        Assert.NotNull(settings.DecryptionKeys);
    }

    [Fact]
    public async Task Init_sets_the_encryption_key_keygen_made_beside_the_configuration()
    {
        var made = await Import("keygen", "--out", _keys.Combine("keys"));
        Assert.True(made.ExitCode == 0, made.ToString());
        var draft = _keys.Combine("server.json");

        var result = await Import("init", "--from-bundle", await ExportAsync(), "--out", draft);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(draft);
        Assert.Contains("head office's encryption private key, found where 'syncfiles-import keygen --out keys' puts it.", text, StringComparison.Ordinal);
        var expected = Path.Combine("keys", "headoffice-encryption.private.pem");
        var settings = SyncFiles.Importer.Config.ServerSettings.Load(draft);
        Assert.Equal([expected], settings.Config.DecryptionKeys);
        Assert.NotNull(settings.DecryptionKeys);

        // The receipt-signing key beside it is not a decryption key: one key, one purpose.
        Assert.DoesNotContain("headoffice.private.pem", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_speaks_french_when_asked()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var other = NewPair(_keys.Path, "other-encryption");
        var encrypted = Encrypt(await ExportAsync(), key.PublicKeyPath, _keys.Combine("AG01-00000001.zip.enc"), "AG01", 1);

        var result = await Import("decrypt", encrypted, "--key", other.PrivateKeyPath, "--out", _keys.Combine("x.zip"), "--lang", "fr");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"est chiffré pour la clé du siège {key.KeyId}, qui n'est pas parmi les clés configurées", result.Error, StringComparison.Ordinal);
    }

    private static Task<CliResult> Import(params string[] args) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(args, o, e));

    private async Task<string> ExportAsync()
    {
        _sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        return await _sync.ExportOkAsync();
    }
}
