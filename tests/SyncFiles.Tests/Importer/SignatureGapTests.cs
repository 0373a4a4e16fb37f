using System.Runtime.Versioning;
using System.Text.Json;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// The smaller signature gaps of the security review: verify and init say "unsigned" plainly and
/// check a .sig that is there; a revoked key means refuse, for signed and unsigned bundles alike;
/// an unsigned bundle of a site that signs is refused before a byte of it is read; a .sig is never
/// overwritten when filed.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SignatureGapTests
{
    [Fact]
    public async Task Verify_says_unsigned_plainly_checks_a_present_signature_and_with_the_server_config_checks_the_sites_key()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await SignatureTests.KeygenAsync(keys, "AG01");
        using var sync = SignatureTests.SignedShop(privateKey, publicKey, requireSignatures: false);
        var first = await sync.ExportOkAsync();
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');");
        var second = await sync.ExportOkAsync();
        var keyId = SigningKeys.KeyId(SigningKeys.LoadPublic(publicKey));

        var signed = await VerifyAsync(first);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.Contains($"AG01-00000001.zip: valid, signed for site AG01 with key id {keyId}, NOT checked against the site's key", signed.Output, StringComparison.Ordinal);

        var checkedByKey = await VerifyAsync(first, "--config", sync.ServerConfigPath);
        Assert.True(checkedByKey.ExitCode == 0, checkedByKey.ToString());
        Assert.Contains($"valid, signed by site AG01 with key id {keyId}, checked against its publicKey in server.json", checkedByKey.Output, StringComparison.Ordinal);

        // The same bytes without their .sig: a forger's copy, as far as anyone can tell.
        using var elsewhere = new TempDirectory();
        var unsigned = elsewhere.Combine("AG01-00000001.zip");
        File.Copy(first, unsigned);
        var plain = await VerifyAsync(unsigned);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("AG01-00000001.zip: valid, unsigned (no AG01-00000001.zip.sig): nothing proves which site made it.", plain.Output, StringComparison.Ordinal);
        var refused = await VerifyAsync(unsigned, "--config", sync.ServerConfigPath);
        Assert.True(refused.ExitCode == ExitCodes.Quarantined, refused.ToString());
        Assert.Contains("Refused: AG01-00000001.zip (site AG01 by its name) is not signed, but the site has a publicKey: its bundles must carry a signature (AG01-00000001.zip.sig), so it was not opened.", refused.Error, StringComparison.Ordinal);

        // Bundle 1's .sig beside bundle 2: it signs other bytes.
        File.Copy(first + ".sig", elsewhere.Combine("AG01-00000002.zip.sig"));
        File.Copy(second, elsewhere.Combine("AG01-00000002.zip"));
        var mismatched = await VerifyAsync(elsewhere.Combine("AG01-00000002.zip"));
        Assert.True(mismatched.ExitCode == ExitCodes.Quarantined, mismatched.ToString());
        Assert.Contains("AG01-00000002.zip.sig signs other bytes", mismatched.Error, StringComparison.Ordinal);

        // init --from-bundle: the same checks, and nothing written when refused.
        var badInit = await InitAsync(elsewhere.Combine("AG01-00000002.zip"), elsewhere.Combine("server.json"));
        Assert.True(badInit.ExitCode == ExitCodes.Quarantined, badInit.ToString());
        Assert.Contains("signs other bytes", badInit.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(elsewhere.Combine("server.json")));
        var goodInit = await InitAsync(first, elsewhere.Combine("server.json"));
        Assert.True(goodInit.ExitCode == 0, goodInit.ToString());
        Assert.Contains($"AG01-00000001.zip: signed for site AG01 with key id {keyId}", goodInit.Output, StringComparison.Ordinal);
        var unsignedInit = await InitAsync(unsigned, elsewhere.Combine("server2.json"));
        Assert.Contains("AG01-00000001.zip: unsigned (no AG01-00000001.zip.sig): nothing proves which site made it.", unsignedInit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_refuses_the_bundles_it_signed_and_the_sites_unsigned_bundles_too()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await SignatureTests.KeygenAsync(keys, "AG01");
        var revokedId = SigningKeys.KeyId(SigningKeys.LoadPublic(publicKey));
        using var sync = SignatureTests.SignedShop(privateKey, publicKey: null, requireSignatures: false);
        WriteServerConfig(sync, new { id = "AG01", revokedKeys = new[] { revokedId.ToUpperInvariant() } });
        SignatureTests.DeliverWithSignature(sync, await sync.ExportOkAsync());
        sync.UpdateSiteConfig(config => config["tables"] = ShopSchemas.ShopSiteTables);
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == ExitCodes.Quarantined, result.ToString());
        Assert.Equal(0L, sync.CentralCount("factures"));
        Assert.Contains(
            $"AG01-00000001.zip is signed for site AG01 with key id {revokedId}, which server.json revokes",
            File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt")),
            StringComparison.Ordinal);
        Assert.Contains(
            "AG01-00000002.zip (site AG01 by its name) is not signed, but the site has revoked keys (a site whose key was revoked is never trusted unsigned)",
            File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000002.zip.error.txt")),
            StringComparison.Ordinal);

        // The current key may not be revoked at once, and a revoked entry must be a key id.
        WriteServerConfig(sync, new { id = "AG01", publicKey, revokedKeys = new[] { revokedId } });
        var contradictory = await sync.ImportAsync();
        Assert.True(contradictory.ExitCode == 2, contradictory.ToString());
        Assert.Contains($"its publicKey (key id {revokedId}) is also in its revokedKeys", contradictory.Error, StringComparison.Ordinal);
        WriteServerConfig(sync, new { id = "AG01", revokedKeys = new[] { "keys/old.pem" } });
        var malformed = await sync.ImportAsync();
        Assert.True(malformed.ExitCode == 2, malformed.ToString());
        Assert.Contains("revokedKeys entry 'keys/old.pem' is not a key id", malformed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_bundle_of_a_site_that_signs_is_refused_before_a_byte_of_it_is_read()
    {
        using var keys = new TempDirectory();
        var (_, publicKey) = await SignatureTests.KeygenAsync(keys, "AG01");
        using var sync = SignatureTests.SignedShop(signingKey: null, publicKey, requireSignatures: false);

        // The importer may not read it: refused all the same means it was never opened.
        File.SetUnixFileMode(sync.Deliver(await sync.ExportOkAsync()), UnixFileMode.None);
        using var import = ProgramProcess.StartBoundByFileModes("syncfiles-import", "run", "--config", sync.ServerConfigPath);
        var result = await import.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == ExitCodes.Quarantined, result.ToString());
        Assert.DoesNotContain("unreadable", result.Output, StringComparison.Ordinal);
        Assert.Contains("quarantined AG01-00000001.zip: AG01-00000001.zip (site AG01 by its name) is not signed, but the site has a publicKey: its bundles must carry a signature (AG01-00000001.zip.sig), so it was not opened", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filing_a_signed_bundle_never_overwrites_a_sig_already_there()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await SignatureTests.KeygenAsync(keys, "AG01");
        using var sync = SignatureTests.SignedShop(privateKey, publicKey, requireSignatures: true);
        Directory.CreateDirectory(sync.Processed);
        var stray = Path.Combine(sync.Processed, "AG01-00000001.zip.sig");
        File.WriteAllText(stray, "kept as it is");
        SignatureTests.DeliverWithSignature(sync, await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("kept as it is", File.ReadAllText(stray));
        Assert.Equal(["AG01-00000001.1.zip", "AG01-00000001.1.zip.sig", "AG01-00000001.zip.sig"], SyncFixture.Files(sync.Processed));
    }

    private static Task<CliResult> VerifyAsync(string bundle, params string[] extra) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["verify", bundle, .. extra], o, e));

    private static Task<CliResult> InitAsync(string bundle, string outPath) =>
        CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["init", "--from-bundle", bundle, "--out", outPath], o, e));

    private static void WriteServerConfig(SyncFixture sync, object site) =>
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            settleTime = "0s",
            sites = new[] { site },
            tables = ShopSchemas.ShopServerTables,
        }));
}
