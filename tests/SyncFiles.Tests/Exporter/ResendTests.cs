using System.Text.Json;
using SyncFiles.Common.IO;
using SyncFiles.Exporter.Export;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// <c>syncfiles-export resend</c>: head office says which sequence it waits for, the site copies
/// the archived bundles back into the outbox, and head office applies the held chain; bundles it
/// already has are byte-identical and filed as duplicates.
/// </summary>
public sealed class ResendTests
{
    [Fact]
    public async Task Resend_copies_exactly_the_requested_signed_bundles_and_head_office_then_applies_the_held_chain()
    {
        using var keys = new TempDirectory();
        using var sync = await SignedShopAsync(keys);
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        DeliverWithSignature(sync, await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        for (var round = 1; round <= 3; round++)
        {
            sync.ExecuteSource(ShopData.Factures((round * 10) + 1, (round + 1) * 10, round));
            await sync.ExportOkAsync();
        }

        // Bundle 4 reaches head office; the courier lost 2 and 3 and cleaned the outbox.
        DeliverWithSignature(sync, Path.Combine(sync.Outbox, "AG01-00000004.zip"));
        EmptyOutbox(sync);
        var held = await sync.ImportAsync();

        Assert.Equal(4, held.ExitCode);
        Assert.Contains("held        AG01-00000004.zip: waits for sequence 2 of site AG01", held.Output, StringComparison.Ordinal);
        Assert.Contains("syncfiles-export resend --config site.json --from 2", held.Output, StringComparison.Ordinal);
        Assert.Contains("syncfiles-export run --config site.json --full", held.Output, StringComparison.Ordinal);
        Assert.Contains("if 2 is no longer archived", held.Output, StringComparison.Ordinal);
        Assert.Contains("Held AG01-00000004.zip in the inbox", held.Error, StringComparison.Ordinal);
        Assert.Contains("syncfiles-export resend --config site.json --from 2", held.Error, StringComparison.Ordinal);

        var resend = await sync.ResendAsync("--from", "2", "--to", "3");

        Assert.True(resend.ExitCode == 0, resend.ToString());
        Assert.Contains("copied      AG01-00000002.zip (with its .sig)", resend.Output, StringComparison.Ordinal);
        Assert.Contains("copied      AG01-00000003.zip (with its .sig)", resend.Output, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000002.zip", "AG01-00000002.zip.sig", "AG01-00000003.zip", "AG01-00000003.zip.sig"], SyncFixture.Files(sync.Outbox));
        foreach (var name in SyncFixture.Files(sync.Outbox))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(sync.ArchiveOf(), name)), File.ReadAllBytes(Path.Combine(sync.Outbox, name)));
        }

        DeliverWithSignature(sync, Path.Combine(sync.Outbox, "AG01-00000002.zip"));
        DeliverWithSignature(sync, Path.Combine(sync.Outbox, "AG01-00000003.zip"));
        var caughtUp = await sync.ImportAsync();

        Assert.True(caughtUp.ExitCode == 0, caughtUp.ToString());
        Assert.Equal([[1L], [2L], [3L], [4L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
        Assert.Equal(40L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task Resent_bundles_head_office_already_applied_are_filed_as_duplicates_and_those_still_in_the_outbox_are_left_alone()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        sync.Deliver(await sync.ExportOkAsync());
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        File.Delete(Path.Combine(sync.Outbox, "AG01-00000001.zip"));
        var stillThere = File.GetLastWriteTimeUtc(Path.Combine(sync.Outbox, "AG01-00000002.zip"));

        var resend = await sync.ResendAsync("--from", "1");

        Assert.True(resend.ExitCode == 0, resend.ToString());
        Assert.Contains("copied      AG01-00000001.zip into", resend.Output, StringComparison.Ordinal);
        Assert.Contains("in outbox   AG01-00000002.zip was there already", resend.Output, StringComparison.Ordinal);
        Assert.Equal(stillThere, File.GetLastWriteTimeUtc(Path.Combine(sync.Outbox, "AG01-00000002.zip")));

        sync.Deliver(Path.Combine(sync.Outbox, "AG01-00000001.zip"));
        sync.Deliver(Path.Combine(sync.Outbox, "AG01-00000002.zip"));
        var again = await sync.ImportAsync();

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("duplicate   AG01-00000001.zip: already applied", again.Output, StringComparison.Ordinal);
        Assert.Contains("duplicate   AG01-00000002.zip: already applied", again.Output, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Quarantine));
        Assert.Equal(2L, sync.CentralCount("syncfiles_ledger"));
    }

    [Fact]
    public async Task Resend_of_a_pruned_sequence_names_it_says_to_run_full_and_copies_nothing()
    {
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["archive"] = new { keepBundles = 2 };
        });
        for (var round = 0; round < 4; round++)
        {
            sync.ExecuteSource(ShopData.Factures((round * 10) + 1, (round + 1) * 10, round));
            await sync.ExportOkAsync();
        }

        EmptyOutbox(sync);

        var pruned = await sync.ResendAsync("--from", "2");

        Assert.Equal(1, pruned.ExitCode);
        Assert.Contains("Bundle 2 of site AG01 is no longer in the archive", pruned.Error, StringComparison.Ordinal);
        Assert.Contains("(it keeps 3..4)", pruned.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was copied", pruned.Error, StringComparison.Ordinal);
        Assert.Contains($"syncfiles-export run --config {sync.SiteConfigPath} --full", pruned.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));

        var future = await sync.ResendAsync("--from", "9");

        Assert.Equal(2, future.ExitCode);
        Assert.Contains("Site AG01 has made bundles up to 4 only; bundle 9 does not exist yet", future.Error, StringComparison.Ordinal);

        var backwards = await sync.ResendAsync("--from", "4", "--to", "3");

        Assert.Equal(2, backwards.ExitCode);
        Assert.Contains("--from 4 --to 3 is not a range", backwards.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public async Task Resend_while_an_export_runs_refuses_and_copies_nothing()
    {
        using var sync = ShopSchemas.NewShop();
        await sync.ExportOkAsync();
        EmptyOutbox(sync);
        using var running = ExportLock.Take(sync.StatePath, "AG01");

        var result = await sync.ResendAsync("--from", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("An export of site AG01 is running right now", result.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public void Sequence_lists_are_written_as_ranges()
    {
        Assert.Equal("1..3, 7, 9..10", BundleResend.Ranges([1, 2, 3, 7, 9, 10]));
        Assert.Equal("5", BundleResend.Ranges([5]));
    }

    private static async Task<SyncFixture> SignedShopAsync(TempDirectory keys)
    {
        var key = await SignedSite.KeygenAsync(keys);
        var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["signingKey"] = key;
        });
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "sqlite", connectionString = sync.Target.ConnectionString },
            requireSignatures = true,
            sites = new[] { new { id = "AG01", publicKey = SignedSite.PublicKey(keys) } },
            tables = ShopSchemas.ShopServerTables,
        }));
        return sync;
    }

    private static void DeliverWithSignature(SyncFixture sync, string bundle)
    {
        sync.Deliver(bundle);
        sync.Deliver(bundle + ".sig");
    }

    internal static void EmptyOutbox(SyncFixture sync)
    {
        foreach (var file in Directory.GetFiles(sync.Outbox))
        {
            AtomicFile.TryDelete(file);
        }
    }
}
