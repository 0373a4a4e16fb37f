using System.Text.Json;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Signing;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Export;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Receipts;

/// <summary>
/// The site acting on head office's receipts at the start of every <c>run</c>: what it resends (byte
/// for byte, once per receipt), what it never resends (content refusals), what it may forget
/// (acknowledged bundles only), the receipts it ignores (forged, replayed, for another site, damaged,
/// unsigned), and what <c>status</c> tells the shop.
/// </summary>
public sealed class ReceiptSiteTests
{
    [Fact]
    public async Task A_receipt_waiting_for_a_lost_bundle_puts_it_back_byte_for_byte_with_its_signature_once()
    {
        using var site = new ReceiptSite(signBundles: true);
        await site.ExportAsync();
        await site.ExportAsync();
        await site.ExportAsync();
        site.EmptyOutbox();
        site.WriteReceipt(counter: 1, appliedThrough: 1, waitingFor: 2, held: [3]);

        var run = await site.ExportLoggedAsync();

        Assert.Equal(["AG01-00000002.zip", "AG01-00000002.zip.sig", "AG01-00000004.zip", "AG01-00000004.zip.sig"], site.OutboxFiles());
        foreach (var name in new[] { "AG01-00000002.zip", "AG01-00000002.zip.sig" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(site.Archive, name)), File.ReadAllBytes(Path.Combine(site.Sync.Outbox, name)));
        }

        Assert.Contains("Receipt 1: put bundle 2 back in the outbox from the archive; head office waits for it", run.Error, StringComparison.Ordinal);

        // The same receipt, read again by the next run, is not news: 2 is not sent a second time.
        site.EmptyOutbox();
        await site.ExportAsync();
        Assert.Equal(["AG01-00000005.zip", "AG01-00000005.zip.sig"], site.OutboxFiles());

        var status = await site.StatusAsync();
        Assert.Contains("Head office:    applied up to 1 (receipt of 2026-12-04 23:10 from SIEGE, number 1)", status.Output, StringComparison.Ordinal);
        Assert.Contains("In flight:      2..5 (published, not yet acknowledged)", status.Output, StringComparison.Ordinal);
        Assert.Contains("Waiting for:    2 (put back in the outbox; it holds 3 until then)", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transport_damage_is_resent_content_refusal_is_not_and_status_says_why()
    {
        using var site = new ReceiptSite();
        await site.ExportAsync();
        await site.ExportAsync();
        await site.ExportAsync();
        site.EmptyOutbox();
        site.WriteReceipt(
            counter: 7,
            appliedThrough: 1,
            quarantined:
            [
                ReceiptSite.Quarantine(2, DamageKind.Transport, "the bundle's SHA-256 does not match its manifest"),
                ReceiptSite.Quarantine(3, DamageKind.Content, "factures.total_ttc: 123456789012345.00 does not fit decimal(14,2)"),
            ]);

        var run = await site.ExportLoggedAsync();

        Assert.Equal(["AG01-00000002.zip", "AG01-00000004.zip"], site.OutboxFiles());
        Assert.Contains("head office refused bundle 3 for its content", run.Error, StringComparison.Ordinal);

        var status = await site.StatusAsync();
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Quarantined:    2 damaged on the way, resent: the bundle's SHA-256 does not match its manifest", status.Output, StringComparison.Ordinal);
        Assert.Contains("Quarantined:    3 REFUSED for its content, not resent (head office must act): factures.total_ttc: 123456789012345.00 does not fit decimal(14,2)", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", status.Output, StringComparison.Ordinal);

        // On a terminal the content refusal is red; in French the same lines, the reasons as head office wrote them.
        var coloured = ExportStatus.Read(SiteSettings.Load(site.Sync.SiteConfigPath)).ToText(SyncFiles.Common.Text.UiLanguage.English, colour: true);
        Assert.Contains("\u001b[31mQuarantined:    3 REFUSED for its content", coloured, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31mQuarantined:    2", coloured, StringComparison.Ordinal);
        var french = await site.StatusAsync("--lang", "fr");
        Assert.Contains("Siège :              lots intégrés jusqu'au 1 (reçu du 2026-12-04 23:10 de SIEGE, numéro 7)", french.Output, StringComparison.Ordinal);
        Assert.Contains("Quarantaine :        3 REFUSÉ à cause de son contenu, non renvoyé (le siège doit intervenir) : factures.total_ttc", french.Output, StringComparison.Ordinal);

        var failing = await site.StatusAsync("--fail-unless-ok", "--json");
        Assert.Equal(5, failing.ExitCode);
        using var json = JsonDocument.Parse(failing.Output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains(
            json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()),
            w => w!.StartsWith("bundle 3 refused by head office for its content: factures.total_ttc", StringComparison.Ordinal));
        var receipts = json.RootElement.GetProperty("receipts");
        Assert.Equal(1, receipts.GetProperty("appliedThrough").GetInt64());
        Assert.Equal(2, receipts.GetProperty("inFlight").GetProperty("from").GetInt64());
        Assert.Equal(4, receipts.GetProperty("inFlight").GetProperty("to").GetInt64());
    }

    [Fact]
    public async Task Forged_replayed_foreign_damaged_and_unsigned_receipts_are_ignored_with_a_warning_nothing_resent_nothing_pruned()
    {
        using var site = new ReceiptSite(keepDays: 0);

        // Head office has written receipts from the start, so only acknowledged bundles may leave the archive.
        site.WriteReceipt(counter: 3, appliedThrough: 0);
        await site.ExportAsync();
        await site.ExportAsync();
        await site.ExportAsync();
        site.WriteReceipt(counter: 5, appliedThrough: 1);
        await site.ExportAsync();
        Assert.Equal(["AG01-00000002.zip", "AG01-00000003.zip", "AG01-00000004.zip"], site.ArchiveFiles());

        using var otherKey = SigningKeys.Create();
        var genuine = site.Receipt(counter: 9, appliedThrough: 3, waitingFor: 4);
        var bad = new (string What, Action Write, string Reason)[]
        {
            ("forged", () => site.WriteReceipt(9, 3, waitingFor: 4, key: otherKey), "the receipt is signed with key"),
            ("replayed", () => site.WriteReceipt(4, 3, waitingFor: 4), "it is an old receipt replayed: counter 4, but receipt 5"),
            ("for another site", () => site.WriteReceipt(9, 3, waitingFor: 4, site: "AG02"), "it is for site AG02, not AG01"),
            ("unsigned", () => site.WriteReceipt(9, 3, waitingFor: 4, unsigned: true), "the receipt is not signed, and this site accepts only receipts signed by head office's key"),
            ("damaged", () =>
            {
                site.WriteReceipt(9, 3, waitingFor: 4);
                var bytes = File.ReadAllBytes(site.ReceiptPath);
                File.WriteAllBytes(site.ReceiptPath, bytes[..(bytes.Length / 2)]);
            }, string.Empty),
            ("altered", () =>
            {
                site.WriteReceipt(9, 3, waitingFor: 4);
                File.WriteAllText(site.ReceiptPath, File.ReadAllText(site.ReceiptPath).Replace("SIEGE", "SIEGX", StringComparison.Ordinal));
            }, "the receipt's signature does not match its content"),
        };

        foreach (var (what, write, reason) in bad)
        {
            var archivedBefore = site.ArchiveFiles();
            site.EmptyOutbox();
            write();

            var run = await site.ExportLoggedAsync();

            Assert.True(run.Error.Contains($"Ignored the receipt {site.ReceiptPath}: {reason}", StringComparison.Ordinal), $"{what}: {run}");
            Assert.True(site.OutboxFiles().Count == 1, $"{what}: resent {string.Join(", ", site.OutboxFiles())}");

            // Only the new bundle joined the archive; bundle 2..4 (unacknowledged: the genuine receipt said 1) all stayed.
            Assert.Equal([.. archivedBefore, site.OutboxFiles()[0]], site.ArchiveFiles());
            var status = await site.StatusAsync("--fail-unless-ok");
            Assert.Equal(5, status.ExitCode);
            Assert.Contains($"Warning:        the receipt in {site.ReceiptsFolder} was ignored", status.Output, StringComparison.Ordinal);
            Assert.Contains("Head office:    applied up to 1 (receipt of 2026-12-04 23:10 from SIEGE, number 5)", status.Output, StringComparison.Ordinal);
        }

        // The genuine receipt is then accepted: 4 goes back, and 2..3 may be forgotten.
        ReceiptFile.Write(site.ReceiptPath, genuine, site.HeadOfficeKey);
        site.EmptyOutbox();
        await site.ExportAsync();
        Assert.Contains("AG01-00000004.zip", site.OutboxFiles());
        Assert.DoesNotContain("AG01-00000002.zip", site.ArchiveFiles());
        Assert.DoesNotContain("AG01-00000003.zip", site.ArchiveFiles());
        Assert.Contains("AG01-00000004.zip", site.ArchiveFiles());
        Assert.Equal(0, (await site.StatusAsync("--fail-unless-ok")).ExitCode);
    }

    [Fact]
    public async Task Once_a_receipt_is_accepted_only_acknowledged_bundles_leave_the_archive()
    {
        using var site = new ReceiptSite(requireSignature: false, keepDays: 0);
        site.WriteReceipt(counter: 1, appliedThrough: 0, unsigned: true);
        for (var i = 0; i < 4; i++)
        {
            await site.ExportAsync();
        }

        // keepDays 0 would keep only the newest bundle by age alone; none is acknowledged, so all stay.
        Assert.Equal(["AG01-00000001.zip", "AG01-00000002.zip", "AG01-00000003.zip", "AG01-00000004.zip"], site.ArchiveFiles());

        site.WriteReceipt(counter: 2, appliedThrough: 2, unsigned: true);
        var run = await site.ExportLoggedAsync();

        Assert.Equal(["AG01-00000003.zip", "AG01-00000004.zip", "AG01-00000005.zip"], site.ArchiveFiles());
        Assert.Contains("Archive: removed bundles 1..2 (acknowledged by head office and past the retention)", run.Error, StringComparison.Ordinal);
        var status = await site.StatusAsync();
        Assert.Contains("not verified: no headOfficeKey in site.json", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_receipts_the_archive_is_kept_by_age_and_count_as_before()
    {
        using var site = new ReceiptSite(requireSignature: false, keepDays: 0);
        for (var i = 0; i < 3; i++)
        {
            await site.ExportAsync();
        }

        Assert.Equal(["AG01-00000003.zip"], site.ArchiveFiles());
        var status = await site.StatusAsync("--fail-unless-ok");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Head office:    no receipt accepted yet (the archive is kept by age and count)", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_for_a_bundle_the_archive_no_longer_has_is_an_error_line_not_a_crash()
    {
        using var site = new ReceiptSite(requireSignature: false, keepDays: 0);
        for (var i = 0; i < 3; i++)
        {
            await site.ExportAsync();
        }

        site.EmptyOutbox();
        site.WriteReceipt(counter: 1, appliedThrough: 1, waitingFor: 2, held: [3], unsigned: true);
        var run = await site.ExportLoggedAsync();

        Assert.Contains("Receipt 1: head office needs bundle(s) 2, which the archive", run.Error, StringComparison.Ordinal);
        Assert.Contains("--full", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000004.zip"], site.OutboxFiles());
        var status = await site.StatusAsync("--fail-unless-ok");
        Assert.Equal(5, status.ExitCode);
        Assert.Contains("Warning:        head office needs bundle(s) 2, which the archive no longer holds", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundles_unacknowledged_past_ackWarnAfter_are_a_warning_and_fail_status_unless_ok()
    {
        using var site = new ReceiptSite(ackWarnAfter: "1s");
        await site.ExportAsync();
        await site.ExportAsync();
        site.WriteReceipt(counter: 1, appliedThrough: 1);
        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);

        var run = await site.ExportLoggedAsync();

        Assert.Contains("Head office has not acknowledged bundle(s) 2, the oldest published", run.Error, StringComparison.Ordinal);
        var status = await site.StatusAsync("--fail-unless-ok");
        Assert.Equal(5, status.ExitCode);
        Assert.Contains("Warning:        bundle(s) 2 not acknowledged by head office for more than 1s", status.Output, StringComparison.Ordinal);

        site.WriteReceipt(counter: 2, appliedThrough: 3);
        await site.ExportAsync();
        Assert.Equal(0, (await site.StatusAsync("--fail-unless-ok")).ExitCode);
    }

    [Theory]
    [InlineData("headOfficeKey", "missing.pem", "missing.pem")]
    [InlineData("ackWarnAfter", "soon", "ackWarnAfter: 'soon' is not a duration")]
    public async Task A_bad_receipt_setting_is_a_configuration_error(string key, string value, string message)
    {
        using var site = new ReceiptSite(requireSignature: false);
        site.Sync.UpdateSiteConfig(config =>
        {
            config["tables"] = ShopSchemas.ShopSiteTables;
            config[key] = value;
        });

        var run = await site.Sync.ExportAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
