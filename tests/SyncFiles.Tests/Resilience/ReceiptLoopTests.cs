using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// The whole loop with both real programs as child processes: bundles lost or damaged on the way
/// heal through head office's receipt with no command typed at either end, a bundle refused for its
/// content is not resent and both <c>status</c> commands say why, and the site's archive forgets
/// only what head office acknowledged.
/// </summary>
public sealed class ReceiptLoopTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lost_bundle_heals_without_a_typed_command(bool signed)
    {
        using var loop = new ReceiptLoop(signed);
        var bag = loop.Sync.Root + "/courier";
        for (var i = 0; i < 3; i++)
        {
            loop.ShopDay();
            ReceiptLoop.Expect(await loop.ExportProcessAsync(), $"export {i + 1}");
        }

        // Bundle 2 never arrives (a stick forgotten in a car).
        loop.TakeOutbox(bag);
        loop.DeliverBundle(bag, "AG01-00000001.zip");
        loop.DeliverBundle(bag, "AG01-00000003.zip");
        var held = await loop.ImportProcessAsync();
        ReceiptLoop.Expect(held, "import with 2 missing", code: 4);
        Assert.Equal([1L], loop.Ledger());

        // The receipt goes back; the next export puts 2 back beside its new bundle 4.
        loop.CarryReceipt();
        loop.ShopDay();
        var export = await loop.ExportProcessAsync();
        ReceiptLoop.Expect(export, "export 4");
        Assert.True(export.Error.Contains("put bundle 2 back in the outbox from the archive; head office waits for it", StringComparison.Ordinal), export.ToString());
        var taken = loop.TakeOutbox(bag);
        Assert.Equal(
            signed ? ["AG01-00000002.zip", "AG01-00000002.zip.sig", "AG01-00000004.zip", "AG01-00000004.zip.sig"] : ["AG01-00000002.zip", "AG01-00000004.zip"],
            taken);

        loop.DeliverBundle(bag, "AG01-00000002.zip");
        loop.DeliverBundle(bag, "AG01-00000004.zip");
        ReceiptLoop.Expect(await loop.ImportProcessAsync(), "import 2, 3, 4");
        Assert.Equal([1L, 2, 3, 4], loop.Ledger());
        loop.AssertCentralMatchesSource("after the loop healed");

        // The next receipt acknowledges 4: with keepDays 0 the archive forgets 1..4 (the newest stays).
        loop.CarryReceipt();
        loop.ShopDay();
        ReceiptLoop.Expect(await loop.ExportProcessAsync(), "export 5");
        Assert.Equal(["AG01-00000005.zip"], loop.ArchivedBundles());

        var status = await loop.StatusProcessAsync("syncfiles-export", "--fail-unless-ok");
        ReceiptLoop.Expect(status, "site status");
        Assert.Contains("Head office:    applied up to 4 (receipt of ", status.Output, StringComparison.Ordinal);
        Assert.Contains("from SIEGE", status.Output, StringComparison.Ordinal);
        Assert.Contains("In flight:      5 (published, not yet acknowledged)", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_byte_comes_back_by_itself_and_a_content_refusal_is_not_resent_and_both_statuses_say_why()
    {
        // The shop's numero is TEXT; head office's is VARCHAR(20): a long one is refused there, for its content.
        using var loop = new ReceiptLoop(signed: true, sourceSchema: ShopSchemas.ShopSource.Replace("numero VARCHAR(20)", "numero TEXT", StringComparison.Ordinal));
        var bag = loop.Sync.Root + "/courier";
        loop.ShopDay();
        ReceiptLoop.Expect(await loop.ExportProcessAsync(), "export 1");
        loop.ShopDay();
        ReceiptLoop.Expect(await loop.ExportProcessAsync(), "export 2");
        loop.TakeOutbox(bag);

        // One byte flipped in the middle of bundle 2 on the way.
        loop.DeliverBundle(bag, "AG01-00000001.zip");
        loop.DeliverBundle(bag, "AG01-00000002.zip");
        var damaged = Path.Combine(loop.Sync.Inbox, "AG01-00000002.zip");
        var bytes = File.ReadAllBytes(damaged);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(damaged, bytes);
        ReceiptLoop.Expect(await loop.ImportProcessAsync(), "import with 2 damaged", code: 3);
        Assert.Equal([1L], loop.Ledger());

        // The receipt goes back: 2 returns by itself beside 3, and both apply.
        loop.CarryReceipt();
        loop.ShopDay();
        var export = await loop.ExportProcessAsync();
        ReceiptLoop.Expect(export, "export 3");
        Assert.Contains("put bundle 2 back in the outbox from the archive; head office quarantined it as damaged on the way", export.Error, StringComparison.Ordinal);
        loop.TakeOutbox(bag);
        loop.DeliverBundle(bag, "AG01-00000002.zip");
        loop.DeliverBundle(bag, "AG01-00000003.zip");
        ReceiptLoop.Expect(await loop.ImportProcessAsync(), "import 2 and 3");
        Assert.Equal([1L, 2, 3], loop.Ledger());

        // An invoice number longer than head office's numero VARCHAR(20).
        loop.CarryReceipt();
        loop.Sync.ExecuteSource("UPDATE factures SET numero = 'F-2026-TOO-LONG-FOR-HEAD-OFFICE', modifie_le = '2026-11-05 00:00:00.000' WHERE id = 1;");
        ReceiptLoop.Expect(await loop.ExportProcessAsync(), "export 4");
        loop.TakeOutbox(bag);
        loop.DeliverBundle(bag, "AG01-00000004.zip");
        ReceiptLoop.Expect(await loop.ImportProcessAsync(), "import of the refused bundle", code: 3);

        loop.CarryReceipt();
        loop.ShopDay();
        var after = await loop.ExportProcessAsync();
        ReceiptLoop.Expect(after, "export 5");
        Assert.Contains("head office refused bundle 4 for its content", after.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AG01-00000004.zip", loop.TakeOutbox(bag));

        var site = await loop.StatusProcessAsync("syncfiles-export", "--fail-unless-ok");
        ReceiptLoop.Expect(site, "site status", code: 5);
        Assert.Contains("Quarantined:    4 REFUSED for its content, not resent (head office must act): ", site.Output, StringComparison.Ordinal);
        Assert.Contains("numero", site.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", site.Output, StringComparison.Ordinal);

        var office = await loop.StatusProcessAsync("syncfiles-import");
        Assert.Contains("AG01-00000004.zip", office.Output, StringComparison.Ordinal);
        Assert.Contains("numero", office.Output, StringComparison.Ordinal);
    }
}
