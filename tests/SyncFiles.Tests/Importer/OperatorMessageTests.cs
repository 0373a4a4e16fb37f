using System.Text.Json;
using SyncFiles.Tests.Exporter;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// What head office reads when a bundle is held or quarantined: which bundle, site and table, and
/// the command that fixes it. The key phrases and commands are pinned, not whole sentences.
/// </summary>
public sealed class OperatorMessageTests
{
    [Fact]
    public async Task A_quarantined_bundle_explains_itself_and_the_bundle_held_behind_it_points_at_it_until_it_is_fixed()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN vendeur TEXT; INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000', 'Ana');");
        sync.Deliver(await sync.ExportOkAsync());
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000', 'Bo');");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var errorFile = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("AG01-00000001.zip was put in quarantine on ", errorFile, StringComparison.Ordinal);
        Assert.Contains("Nothing in it was applied.", errorFile, StringComparison.Ordinal);
        Assert.Contains("Site AG01, sequence 1.", errorFile, StringComparison.Ordinal);
        Assert.Contains("Table factures, column vendeur: the target table has no such column. Add it to the target table", errorFile, StringComparison.Ordinal);
        Assert.Contains("Later bundles of site AG01 wait in the inbox (held) until sequence 1 is applied", errorFile, StringComparison.Ordinal);
        Assert.Contains("move AG01-00000001.zip (and AG01-00000001.zip.sig if there is one) from quarantine/ back into the inbox", errorFile, StringComparison.Ordinal);
        Assert.Contains("see AG01-00000001.zip.error.txt", result.Output, StringComparison.Ordinal);
        Assert.Contains("held        AG01-00000002.zip: waits for sequence 1 of site AG01, which is in quarantine (AG01-00000001.zip)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Fix what AG01-00000001.zip.error.txt says", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("resend", result.Output, StringComparison.Ordinal);

        // Doing what the file says brings both in.
        sync.Target.Execute("ALTER TABLE factures ADD COLUMN vendeur TEXT");
        File.Move(Path.Combine(sync.Quarantine, "AG01-00000001.zip"), Path.Combine(sync.Inbox, "AG01-00000001.zip"));
        var fixedUp = await sync.ImportAsync();

        Assert.True(fixedUp.ExitCode == 0, fixedUp.ToString());
        Assert.Equal(2L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_reused_sequence_is_explained_as_a_state_reset_and_says_how_to_number_past_head_office()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        // The old way of starting over, with the outbox (and its archive) cleaned as well.
        File.Delete(sync.StatePath);
        Directory.Delete(sync.Outbox, recursive: true);
        sync.ExecuteSource("UPDATE factures SET total_ttc = '11.00'");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var errorFile = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("Site AG01 sequence 1 was already applied", errorFile, StringComparison.Ordinal);
        Assert.Contains("site AG01 numbered it 1, a sequence it had already used", errorFile, StringComparison.Ordinal);
        Assert.Contains(".sync_state.json was deleted", errorFile, StringComparison.Ordinal);
        Assert.Contains("\"syncfiles-export reset --config site.json\" is the safe way", errorFile, StringComparison.Ordinal);
        Assert.Contains("Head office has applied site AG01 up to sequence 1", errorFile, StringComparison.Ordinal);
        Assert.Contains("\"The state file is lost\" in docs/operations.md so that the next bundle is numbered 2 or higher", errorFile, StringComparison.Ordinal);
        Assert.Contains("syncfiles-export run --config site.json --full", errorFile, StringComparison.Ordinal);
        // Refused for good: nothing waits for it, so the file does not say to move it back.
        Assert.DoesNotContain("Later bundles", errorFile, StringComparison.Ordinal);
        Assert.DoesNotContain("back into the inbox", errorFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_of_an_unknown_site_says_how_to_add_it_or_that_it_does_not_belong()
    {
        using var sync = ShopSchemas.NewShop();
        using var other = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, siteId: "AG99");
        sync.Deliver(await other.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var errorFile = File.ReadAllText(Path.Combine(sync.Quarantine, "AG99-00000001.zip.error.txt"));
        Assert.Contains("Site AG99 is not in the server configuration's sites, so AG99-00000001.zip was not applied", errorFile, StringComparison.Ordinal);
        Assert.Contains("add {\"id\": \"AG99\"} to \"sites\" in server.json", errorFile, StringComparison.Ordinal);
        Assert.Contains("the bundle does not belong here: delete it", errorFile, StringComparison.Ordinal);
        Assert.DoesNotContain("Later bundles", errorFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_bundle_says_which_resend_brings_a_fresh_copy()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var bundle = sync.Deliver(await sync.ExportOkAsync());
        var bytes = File.ReadAllBytes(bundle);
        File.WriteAllBytes(bundle, bytes[..(bytes.Length / 2)]);

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var errorFile = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("If the file was damaged or cut short on the way", errorFile, StringComparison.Ordinal);
        Assert.Contains("at site AG01 run \"syncfiles-export resend --config site.json --from 1 --to 1\"", errorFile, StringComparison.Ordinal);

        // Which works: the archived copy is whole.
        ResendTests.EmptyOutbox(sync);
        Assert.Equal(0, (await sync.ResendAsync("--from", "1", "--to", "1")).ExitCode);
        sync.Deliver(Path.Combine(sync.Outbox, "AG01-00000001.zip"));
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        Assert.Equal(1L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task A_bundle_that_arrives_without_its_signature_says_how_to_get_both_again()
    {
        using var keys = new TempDirectory();
        var key = await SignedSite.KeygenAsync(keys);
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["signingKey"] = key;
        });
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            sites = new[] { new { id = "AG01", publicKey = SignedSite.PublicKey(keys) } },
            tables = ShopSchemas.ShopServerTables,
            settleTime = "0s", // Judged at once, not waited for as a .sig still arriving.
        }));
        sync.Deliver(await sync.ExportOkAsync()); // Without its .sig.

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var errorFile = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("is not signed, but the site has a publicKey", errorFile, StringComparison.Ordinal);
        Assert.Contains("At site AG01 run \"syncfiles-export resend --config site.json --from 1 --to 1\", then bring AG01-00000001.zip and its .sig to the inbox", errorFile, StringComparison.Ordinal);
    }
}
