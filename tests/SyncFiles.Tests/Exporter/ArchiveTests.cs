using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// The outbox's archive: every published bundle is also kept (with its signature) so the courier
/// may empty the outbox; it is pruned by count and age after a successful export, a failure to
/// archive never fails an export, and the archive counts when the next sequence is chosen.
/// </summary>
public sealed class ArchiveTests
{
    [Fact]
    public async Task Every_bundle_is_archived_byte_for_byte_with_its_signature_and_status_shows_the_range()
    {
        using var sync = ShopSchemas.NewShop();
        using var keys = new TempDirectory();
        var key = await SignedSite.KeygenAsync(keys);
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["signingKey"] = key;
        });
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        await sync.ExportOkAsync();

        Assert.Equal(
            ["AG01-00000001.zip", "AG01-00000001.zip.sig", "AG01-00000002.zip", "AG01-00000002.zip.sig"],
            SyncFixture.Files(sync.ArchiveOf()));
        foreach (var name in SyncFixture.Files(sync.ArchiveOf()))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(sync.Outbox, name)), File.ReadAllBytes(Path.Combine(sync.ArchiveOf(), name)));
        }

        var status = await sync.StatusAsync();
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"Archive:        {sync.ArchiveOf()}", status.Output, StringComparison.Ordinal);
        Assert.Contains("Archived:       1..2 (2 bundles", status.Output, StringComparison.Ordinal);
        Assert.Contains("Next bundle:    3", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_courier_may_empty_the_outbox_even_when_the_state_file_is_behind()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var stateAfterFirst = File.ReadAllBytes(sync.StatePath);
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        await sync.ExportOkAsync();

        // The run that made bundle 2 stopped before saving the state, and the courier took bundle 2 since.
        File.WriteAllBytes(sync.StatePath, stateAfterFirst);
        foreach (var file in Directory.GetFiles(sync.Outbox))
        {
            File.Delete(file);
        }

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("AG01-00000003.zip", result.Output.Trim(), StringComparison.Ordinal);
        Assert.Contains("The outbox or its archive holds bundle 2 but the state file says 1; continuing at 3", result.Error, StringComparison.Ordinal);

        // Bundle 2 was never recorded, so nothing says it reached head office: it goes out again
        // (a duplicate there at worst), byte for byte what was archived.
        Assert.Contains("Put bundle 2 back in the outbox", result.Error, StringComparison.Ordinal);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(sync.ArchiveOf(), "AG01-00000002.zip")),
            File.ReadAllBytes(Path.Combine(sync.Outbox, "AG01-00000002.zip")));
    }

    [Fact]
    public async Task A_bundle_that_could_not_be_published_is_not_left_in_the_archive_and_its_number_is_used_by_the_next_run()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var stateAfterFirst = File.ReadAllBytes(sync.StatePath);

        // Something already sits under bundle 2's final name (a folder: it is not a bundle), so the rename fails.
        var blocker = Directory.CreateDirectory(Path.Combine(sync.Outbox, "AG01-00000002.zip"));
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        var failed = await sync.ExportAsync();

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal(stateAfterFirst, File.ReadAllBytes(sync.StatePath));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.ArchiveOf()));

        blocker.Delete();
        var retried = await sync.ExportAsync();

        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.EndsWith("AG01-00000002.zip", retried.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip", "AG01-00000002.zip"], SyncFixture.Files(sync.ArchiveOf()));
    }

    [Fact]
    public async Task A_run_stopped_between_publish_and_archive_is_completed_by_the_next_run_without_reusing_a_sequence()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        var first = await sync.ExportOkAsync();
        var stateAfterFirst = File.ReadAllBytes(sync.StatePath);
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        var second = await sync.ExportOkAsync();

        // What a kill right after the publish leaves: bundle 2 in the outbox only, the state at 1.
        File.Delete(Path.Combine(sync.ArchiveOf(), "AG01-00000002.zip"));
        File.WriteAllBytes(sync.StatePath, stateAfterFirst);
        var secondBytes = File.ReadAllBytes(second);
        sync.ExecuteSource(ShopData.Factures(21, 30, round: 2));

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("AG01-00000003.zip", result.Output.Trim(), StringComparison.Ordinal);
        Assert.Contains("Archived bundle 2, which an earlier run published but did not archive", result.Error, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip", "AG01-00000002.zip", "AG01-00000003.zip"], SyncFixture.Files(sync.ArchiveOf()));
        Assert.Equal(secondBytes, File.ReadAllBytes(Path.Combine(sync.ArchiveOf(), "AG01-00000002.zip")));

        // Head office gets every row, in order, from the three bundles.
        sync.Deliver(first);
        sync.Deliver(second);
        sync.Deliver(result.Output.Trim());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        Assert.Equal(30L, sync.CentralCount("factures"));
    }

    [Fact]
    public async Task An_archive_that_cannot_be_written_is_a_warning_the_bundle_is_published_and_a_later_run_archives_it()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        // The archive's disk is gone: a file stands where the folder should be.
        Directory.Move(sync.ArchiveOf(), sync.ArchiveOf() + ".saved");
        File.WriteAllText(sync.ArchiveOf(), "not a folder");
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));

        var blocked = await sync.ExportAsync();

        Assert.True(blocked.ExitCode == 0, blocked.ToString());
        Assert.EndsWith("AG01-00000002.zip", blocked.Output.Trim(), StringComparison.Ordinal);
        Assert.Contains("AG01-00000002.zip could not be kept in the archive", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("leave it in the outbox", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("\"lastSequence\": 2", File.ReadAllText(sync.StatePath), StringComparison.Ordinal);

        File.Delete(sync.ArchiveOf());
        Directory.Move(sync.ArchiveOf() + ".saved", sync.ArchiveOf());
        sync.ExecuteSource(ShopData.Factures(21, 30, round: 2));
        var next = await sync.ExportAsync();

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.EndsWith("AG01-00000003.zip", next.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip", "AG01-00000002.zip", "AG01-00000003.zip"], SyncFixture.Files(sync.ArchiveOf()));
    }

    [Fact]
    public async Task The_archive_keeps_the_newest_keepBundles_and_prunes_their_signatures_too()
    {
        using var sync = ShopSchemas.NewShop();
        using var keys = new TempDirectory();
        var key = await SignedSite.KeygenAsync(keys);
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["signingKey"] = key;
            config["archive"] = new { keepBundles = 2, keepDays = (int?)null };
        });

        for (var round = 0; round < 4; round++)
        {
            sync.ExecuteSource(ShopData.Factures((round * 10) + 1, (round + 1) * 10, round));
            await sync.ExportOkAsync();
        }

        Assert.Equal(["AG01-00000003.zip", "AG01-00000003.zip.sig", "AG01-00000004.zip", "AG01-00000004.zip.sig"], SyncFixture.Files(sync.ArchiveOf()));
        // The outbox is the courier's: pruning the archive never touches it.
        Assert.Equal(8, SyncFixture.Files(sync.Outbox).Count);
    }

    [Fact]
    public async Task The_archive_drops_bundles_archived_longer_ago_than_keepDays_and_keeps_the_newest_whatever_its_age()
    {
        using var sync = ShopSchemas.NewShop();
        sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config["archive"] = new { folder = "kept", keepDays = 10, keepBundles = (int?)null };
        });
        var archive = Path.Combine(Path.GetDirectoryName(sync.SiteConfigPath)!, "kept");
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

        await sync.ExportAtAsync(clock);                 // 1, day 0
        clock.Now = clock.Now.AddDays(9);
        await sync.ExportAtAsync(clock);                 // 2, day 9
        clock.Now = clock.Now.AddDays(6);
        using var log = new StringWriter();
        await sync.ExportAtAsync(clock, log);            // 3, day 15: 1 is 15 days old, 2 only 6

        Assert.Equal(["AG01-00000002.zip", "AG01-00000003.zip"], SyncFixture.Files(archive));
        Assert.Contains("Archive: removed bundles 1..1 (retention)", log.ToString(), StringComparison.Ordinal);

        clock.Now = clock.Now.AddDays(365);
        await sync.ExportAtAsync(clock);                 // 4, a year later: 2 and 3 go, 4 is the newest

        Assert.Equal(["AG01-00000004.zip"], SyncFixture.Files(archive));
        Assert.False(Directory.Exists(Path.Combine(sync.Outbox, "archive")), "a configured archive folder replaces the default one");
    }

    [Theory]
    [InlineData("""{"keepBundles": 0}""", "archive.keepBundles 0 is less than 1")]
    [InlineData("""{"keepDays": -1}""", "archive.keepDays -1 is negative")]
    [InlineData("""{"folder": "outbox"}""", "archive.folder is the outbox itself")]
    [InlineData("""{"keepdays": 3}""", "keepdays")]
    public async Task Bad_archive_settings_are_configuration_errors(string archive, string message)
    {
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");
        File.WriteAllText(config, $$"""{"siteId": "AG01", "source": {"provider": "sqlite", "connectionString": "Data Source=shop.db"}, "tables": [{"name": "t", "kind": "reference"}], "archive": {{archive}}}""");

        var result = await CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["run", "--config", config], o, e));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}

/// <summary>A site signing key for tests, made with the real keygen command.</summary>
internal static class SignedSite
{
    public static async Task<string> KeygenAsync(TempDirectory keys, string site = "AG01")
    {
        var result = await CliResult.RunAsync((o, e) => SyncFiles.Exporter.Cli.ExporterCli.RunAsync(["keygen", "--site", site, "--out", keys.Path], o, e));
        Assert.True(result.ExitCode == 0, result.ToString());
        return keys.Combine($"{site}.private.pem");
    }

    public static string PublicKey(TempDirectory keys, string site = "AG01") => keys.Combine($"{site}.public.pem");
}
