using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text.Json;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Each bundle is its own unit of failure: a bundle file the importer's account may not read and a
/// bundle that fails in the merge planning (a configured key the bundle does not carry, with zero
/// rows and tombstones) sit in the inbox beside another site's valid bundle; the valid one is
/// applied in the same run, the unreadable one is left in place and reported, the other is
/// quarantined with a reason, and the run exits 3. Watch mode goes on watching. The importer runs
/// as a real process held to file modes (as root, without the capabilities that bypass them).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BundleIsolationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Head office keys factures on a column of its own, which the sites do not send.
    private const string Central = """
        CREATE TABLE familles (agence VARCHAR(10) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE factures (
            agence VARCHAR(10) NOT NULL,
            id INTEGER NOT NULL,
            code VARCHAR(20),
            numero VARCHAR(20) NOT NULL,
            total_ttc DECIMAL(14,2) NOT NULL,
            remarque TEXT,
            modifie_le DATETIME NOT NULL,
            PRIMARY KEY (agence, id));
        CREATE UNIQUE INDEX ux_factures_code ON factures (agence, code);
        """;

    [Fact]
    public async Task An_unreadable_file_and_a_bundle_whose_configured_key_it_lacks_never_stop_another_sites_valid_bundle()
    {
        using var scene = await SceneAsync();

        using var import = ProgramProcess.StartBoundByFileModes("syncfiles-import", "run", "--config", scene.Central.ServerConfigPath);
        var result = await import.WaitAsync(Patience);

        Assert.True(result.ExitCode == ExitCodes.Quarantined, result.ToString());
        Assert.Equal(3, scene.Central.Target.Count("familles WHERE agence = 'AG02'"));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Sequence contains no matching element", result.Error + result.Output, StringComparison.Ordinal);

        Assert.Contains("unreadable  AG03-00000001.zip: AG03-00000001.zip cannot be read by the account the importer runs as", result.Output, StringComparison.Ordinal);
        Assert.Contains("AG03-00000001.zip", SyncFixture.Files(scene.Central.Inbox));

        Assert.Equal(["AG01-00000001.zip", "AG01-00000001.zip.error.txt", "AG01-00000001.zip.sig"], SyncFixture.Files(scene.Central.Quarantine));
        var error = File.ReadAllText(Path.Combine(scene.Central.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("Table factures, column code: the key in server.json names a column the bundle does not carry", error, StringComparison.Ordinal);

        // status, held to the same modes, names the unreadable file and why.
        using var status = ProgramProcess.StartBoundByFileModes("syncfiles-import", "status", "--json", "--config", scene.Central.ServerConfigPath);
        var shown = await status.WaitAsync(Patience);
        using var json = JsonDocument.Parse(shown.Output);
        Assert.Contains(json.RootElement.GetProperty("inboxUnreadable").EnumerateArray(), u =>
            u.GetProperty("file").GetString() == "AG03-00000001.zip"
            && u.GetProperty("reason").GetString()!.Contains("cannot be read by this account", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_mode_applies_the_valid_bundles_and_keeps_watching_beside_an_unreadable_file_and_a_failing_bundle()
    {
        using var scene = await SceneAsync();

        using var watch = ProgramProcess.StartBoundByFileModes("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", scene.Central.ServerConfigPath);
        await Watch.WatchModeTests.WaitForAsync(watch, () => scene.Central.Target.Count("familles WHERE agence = 'AG02'") == 3, "AG02's first bundle to be applied");
        await Watch.WatchModeTests.WaitForAsync(watch, () => SyncFixture.Files(scene.Central.Quarantine).Contains("AG01-00000001.zip"), "AG01's bundle to be quarantined");

        // A later bundle of AG02, several passes later, is applied too: the watch is still at work.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        scene.Ag02.ExecuteSource(ShopData.Familles(4, 5));
        scene.Central.Deliver(await scene.Ag02.ExportOkAsync());
        await Watch.WatchModeTests.WaitForAsync(watch, () => scene.Central.Target.Count("familles WHERE agence = 'AG02'") == 5, "AG02's second bundle to be applied");

        Assert.False(watch.HasExited, watch.Result().ToString());
        Assert.Contains("AG03-00000001.zip", SyncFixture.Files(scene.Central.Inbox));
        var output = watch.Result().Output;
        Assert.Single(output.Split('\n'), l => l.StartsWith("unreadable  AG03-00000001.zip", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", watch.Result().Error, StringComparison.Ordinal);

        watch.KillNow();
    }

    /// <summary>
    /// Head office with sites AG01 (which signs), AG02, AG03; in its inbox: AG01's bundle 1, signed
    /// (zero rows, one tombstone of factures, whose configured key "code" the bundle lacks), AG02's
    /// bundle 1 (three familles) and AG03's bundle 1 with mode 000.
    /// </summary>
    private static async Task<Scene> SceneAsync()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await SignatureTests.KeygenAsync(keys, "AG01");
        var central = SyncFixture.OnSqlite(ShopSchemas.ShopSource, Central, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        var ag02 = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, [new { name = "familles", kind = "reference" }], ShopSchemas.ShopServerTables, "AG02");
        using var ag03 = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, "AG03");
        var centralKey = Path.Combine(Path.GetDirectoryName(central.ServerConfigPath)!, "AG01.public.pem");
        File.Copy(publicKey, centralKey);
        File.WriteAllText(central.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = central.Target.Provider, connectionString = central.Target.ConnectionString },
            settleTime = "0s",
            sites = new object[] { new { id = "AG01", publicKey = centralKey }, new { id = "AG02" }, new { id = "AG03" } },
            tables = new object[]
            {
                new { name = "familles", siteColumn = "agence" },
                new { name = "factures", siteColumn = "agence", key = new[] { "code" } },
            },
        }));

        Directory.CreateDirectory(central.Inbox);
        var empty = await central.ExportOkAsync();
        var throwing = Path.Combine(central.Inbox, Path.GetFileName(empty));
        BundleSurgery.AddTombstones(empty, throwing, "factures", "id\n1\n");
        using (var signingKey = SigningKeys.LoadPrivate(privateKey))
        {
            var signature = BundleSigner.Sign(signingKey, "AG01", 1, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(throwing))));
            File.WriteAllBytes(throwing + BundleSignature.Extension, signature.ToJson());
        }

        ag02.ExecuteSource(ShopData.Familles(1, 3));
        central.Deliver(await ag02.ExportOkAsync());

        ag03.ExecuteSource(ShopData.Familles(1, 2));
        var unreadable = central.Deliver(await ag03.ExportOkAsync());
        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        return new Scene(central, ag02);
    }

    private sealed record Scene(SyncFixture Central, SyncFixture Ag02) : IDisposable
    {
        public void Dispose()
        {
            Central.Dispose();
            Ag02.Dispose();
        }
    }
}
