using System.Text.Json;
using SyncFiles.Exporter.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>Signed bundles: forged, altered, mis-signed and unsigned ones never reach the database.</summary>
public sealed class SignatureTests
{
    internal static async Task<(string Private, string Public)> KeygenAsync(TempDirectory keys, string site)
    {
        var result = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["keygen", "--site", site, "--out", keys.Path], o, e));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("key id:", result.Output, StringComparison.Ordinal);
        return (keys.Combine($"{site}.private.pem"), keys.Combine($"{site}.public.pem"));
    }

    internal static SyncFixture SignedShop(string? signingKey, string? publicKey, bool requireSignatures)
    {
        var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            if (signingKey is not null)
            {
                config["signingKey"] = signingKey;
            }
        });
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            requireSignatures,
            settleTime = "0s",
            sites = new[] { new { id = "AG01", publicKey } },
            tables = ShopSchemas.ShopServerTables,
        }));
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        return sync;
    }

    internal static void DeliverWithSignature(SyncFixture sync, string bundle)
    {
        sync.Deliver(bundle);
        File.Copy(bundle + ".sig", Path.Combine(sync.Inbox, Path.GetFileName(bundle) + ".sig"));
    }

    [Fact]
    public async Task A_signed_bundle_is_applied_and_filed_with_its_signature()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await KeygenAsync(keys, "AG01");
        using var sync = SignedShop(privateKey, publicKey, requireSignatures: true);

        var bundle = await sync.ExportOkAsync();
        Assert.True(File.Exists(bundle + ".sig"));
        DeliverWithSignature(sync, bundle);
        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["AG01-00000001.zip", "AG01-00000001.zip.sig"], SyncFixture.Files(sync.Processed));
        Assert.Equal(1L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task An_altered_signed_bundle_is_refused_before_it_is_opened()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await KeygenAsync(keys, "AG01");
        using var sync = SignedShop(privateKey, publicKey, requireSignatures: true);
        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);
        var forged = Path.Combine(sync.Inbox, Path.GetFileName(bundle));
        // Even a forgery that fixes the manifest's hashes fails: the signature covers the whole file.
        BundleSurgery.EditCsv(bundle, forged, "factures", "10.00", "99.00", fixManifest: true);
        File.Copy(bundle + ".sig", forged + ".sig");

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var reason = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("bad signature: the bundle's bytes are not the ones that were signed", reason, StringComparison.Ordinal);
        Assert.Contains("The bundle was not opened", reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sync.Quarantine, "AG01-00000001.zip.sig")));
        Assert.Equal(0L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_bundle_signed_with_another_sites_key_is_refused()
    {
        using var keys = new TempDirectory();
        var (_, publicKey) = await KeygenAsync(keys, "AG01");
        var (otherPrivate, _) = await KeygenAsync(keys, "AG02");
        using var sync = SignedShop(otherPrivate, publicKey, requireSignatures: true);
        DeliverWithSignature(sync, await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not with site AG01's configured key", File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt")), StringComparison.Ordinal);
        Assert.Equal(0L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_missing_signature_is_refused_when_required_or_when_the_site_has_a_key()
    {
        using var keys = new TempDirectory();
        var (_, publicKey) = await KeygenAsync(keys, "AG01");
        using var required = SignedShop(signingKey: null, publicKey, requireSignatures: true);
        required.Deliver(await required.ExportOkAsync());
        using var keyed = SignedShop(signingKey: null, publicKey, requireSignatures: false);
        keyed.Deliver(await keyed.ExportOkAsync());

        var requiredResult = await required.ImportAsync();
        var keyedResult = await keyed.ImportAsync();

        Assert.Equal(3, requiredResult.ExitCode);
        Assert.Contains("has no signature (AG01-00000001.zip.sig) and requireSignatures is on", File.ReadAllText(Path.Combine(required.Quarantine, "AG01-00000001.zip.error.txt")), StringComparison.Ordinal);
        Assert.Equal(3, keyedResult.ExitCode);
        Assert.Contains("is not signed, but the site has a publicKey", File.ReadAllText(Path.Combine(keyed.Quarantine, "AG01-00000001.zip.error.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_signed_bundle_is_a_logged_no_op()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await KeygenAsync(keys, "AG01");
        using var sync = SignedShop(privateKey, publicKey, requireSignatures: true);
        var first = await sync.ExportOkAsync();
        DeliverWithSignature(sync, first);
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');");
        DeliverWithSignature(sync, await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        DeliverWithSignature(sync, first);

        var replay = await sync.ImportAsync();

        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("duplicate   AG01-00000001.zip: already applied", replay.Output, StringComparison.Ordinal);
        Assert.Equal(2L, sync.CentralCount("syncfiles_ledger"));
    }

    [Fact]
    public async Task Keygen_never_overwrites_a_key_and_requireSignatures_needs_every_sites_key()
    {
        using var keys = new TempDirectory();
        await KeygenAsync(keys, "AG01");
        var again = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["keygen", "--site", "AG01", "--out", keys.Path], o, e));
        using var sync = SignedShop(signingKey: null, publicKey: null, requireSignatures: true);
        var import = await sync.ImportAsync();

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists; a key is never overwritten", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, import.ExitCode);
        Assert.Contains("requireSignatures is on but site AG01 has no publicKey", import.Error, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.Combine("AG01.private.pem")));
        }
    }
}
