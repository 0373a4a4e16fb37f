using System.Text.Json;
using SyncFiles.Exporter.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Watch;

/// <summary>
/// A plain <c>syncfiles-import run</c> that meets a bundle still being copied, or one whose
/// <c>.sig</c> has not arrived yet, leaves it in the inbox (exit 0) instead of quarantining it; once
/// the settle time has passed, a bundle that is still incomplete is quarantined as before.
/// </summary>
public sealed class CopyInProgressTests
{
    private static void MakeOld(string path)
    {
        var past = DateTime.UtcNow.AddMinutes(-5);
        File.SetCreationTimeUtc(path, past);
        File.SetLastWriteTimeUtc(path, past);
    }

    [Fact]
    public async Task A_half_copied_bundle_stays_in_the_inbox_until_it_has_settled_then_is_quarantined()
    {
        using var sync = ShopSchemas.NewShop();
        SettleTime.Set(sync.ServerConfigPath, "10s");
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var bundle = await sync.ExportOkAsync();
        var bytes = File.ReadAllBytes(bundle);
        var inboxCopy = Path.Combine(sync.Inbox, Path.GetFileName(bundle));
        Directory.CreateDirectory(sync.Inbox);
        File.WriteAllBytes(inboxCopy, bytes[..(bytes.Length / 2)]);

        var copying = await sync.ImportAsync();

        Assert.True(copying.ExitCode == 0, copying.ToString());
        Assert.Contains("arriving    AG01-00000001.zip: still arriving: it was written or appeared", copying.Output, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));
        Assert.Empty(SyncFixture.Files(sync.Quarantine));

        // The copy never finished: once the file has been left alone long enough, it is damaged.
        MakeOld(inboxCopy);
        var stalled = await sync.ImportAsync();

        Assert.True(stalled.ExitCode == 3, stalled.ToString());
        Assert.Equal(["AG01-00000001.zip", "AG01-00000001.zip.error.txt"], SyncFixture.Files(sync.Quarantine));
        Assert.Equal(0L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task Files_under_temporary_names_are_left_alone()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var bundle = await sync.ExportOkAsync();
        string[] temporary = [".AG01-00000001.zip", "~AG01-00000001.zip", "AG01-00000001.zip.part", "AG01-00000001.zip.tmp", "AG01-00000001.zip.filepart"];
        foreach (var name in temporary)
        {
            sync.Deliver(bundle, name);
        }

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(temporary.Order(StringComparer.Ordinal), SyncFixture.Files(sync.Inbox));
        Assert.False(Directory.Exists(sync.Processed) && SyncFixture.Files(sync.Processed).Count > 0);
    }

    [Fact]
    public async Task A_complete_bundle_is_applied_at_once_however_recently_it_was_copied()
    {
        using var sync = ShopSchemas.NewShop();
        SettleTime.Set(sync.ServerConfigPath, "1h");
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("applied     AG01-00000001.zip", result.Output, StringComparison.Ordinal);
        Assert.Equal(1L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_signed_sites_bundle_that_arrives_before_its_signature_waits_for_it()
    {
        using var keys = new TempDirectory();
        var keygen = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["keygen", "--site", "AG01", "--out", keys.Path], o, e));
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["signingKey"] = keys.Combine("AG01.private.pem");
        });
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            settleTime = "10s",
            sites = new[] { new { id = "AG01", publicKey = keys.Combine("AG01.public.pem") } },
            tables = ShopSchemas.ShopServerTables,
        }));
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var bundle = await sync.ExportOkAsync();
        sync.Deliver(bundle);

        var withoutSignature = await sync.ImportAsync();

        Assert.True(withoutSignature.ExitCode == 0, withoutSignature.ToString());
        Assert.StartsWith("arriving    AG01-00000001.zip", withoutSignature.Output, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));

        File.Copy(bundle + ".sig", Path.Combine(sync.Inbox, Path.GetFileName(bundle) + ".sig"));
        var signed = await sync.ImportAsync();

        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.StartsWith("applied     AG01-00000001.zip", signed.Output, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip", "AG01-00000001.zip.sig"], SyncFixture.Files(sync.Processed));
    }

    [Fact]
    public async Task A_signed_sites_bundle_whose_signature_never_came_is_quarantined_once_settled()
    {
        using var keys = new TempDirectory();
        var keygen = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["keygen", "--site", "AG01", "--out", keys.Path], o, e));
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config => config["tables"] = ShopSchemas.ShopSiteTables);
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            settleTime = "10s",
            sites = new[] { new { id = "AG01", publicKey = keys.Combine("AG01.public.pem") } },
            tables = ShopSchemas.ShopServerTables,
        }));
        MakeOld(sync.Deliver(await sync.ExportOkAsync()));

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("is not signed, but the site has a publicKey", File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt")), StringComparison.Ordinal);
    }
}
