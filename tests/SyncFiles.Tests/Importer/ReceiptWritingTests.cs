using System.Text.Json.Nodes;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Common;
using SyncFiles.Tests.Hostile;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;
using SyncFiles.Tests.Watch;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Head office's side of the receipts (issue 14): after every run the importer writes one receipt
/// per configured site, saying what the ledger has applied, what this run applied, what is held
/// and what it waits for, and what is quarantined and whether it was damaged on the way (the site
/// resends it) or refused for its content (head office must act). Real bundles from the real
/// exporter, real SQLite and PostgreSQL central databases, receipts read back as a site would.
/// </summary>
public sealed class ReceiptWritingTests
{
    [Fact]
    public async Task A_normal_run_writes_a_receipt_for_every_configured_site_and_the_next_run_a_newer_one()
    {
        using var sync = ShopSchemas.NewShop();
        ServerConfigEdit.Apply(sync, c =>
        {
            c["name"] = "Siège Lyon";
            c["sites"] = new JsonArray(new JsonObject { ["id"] = "AG01" }, new JsonObject { ["id"] = "AG02" });
        });
        AddInvoices(sync, 1, 2);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        var first = Receipt(sync, "AG01");
        Assert.Equal(("AG01", "Siège Lyon", 1L, (long?)null), (first.Site, first.HeadOffice, first.AppliedThrough, first.WaitingFor));
        Assert.Equal([(1L, ReceiptOutcome.Applied)], first.Applied.Select(a => (a.Sequence, a.Outcome)));
        Assert.Empty(first.Held);
        Assert.Empty(first.Quarantined);
        var other = Receipt(sync, "AG02");
        Assert.Equal((0L, 0), (other.AppliedThrough, other.Applied.Count));

        // Nothing new: a receipt all the same, newer, saying the state is current.
        var again = await sync.ImportAsync();
        Assert.True(again.ExitCode == 0, again.ToString());
        var second = Receipt(sync, "AG01");
        Assert.True(second.Counter > first.Counter, $"{second.Counter} after {first.Counter}");
        Assert.True(second.WrittenAt >= first.WrittenAt);
        Assert.Equal(1, second.AppliedThrough);
        Assert.Empty(second.Applied);
    }

    [Fact]
    public async Task A_gap_holds_the_later_bundle_and_the_receipt_says_which_sequence_head_office_waits_for()
    {
        using var sync = ShopSchemas.NewShop();
        var bundles = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            AddInvoices(sync, i, i);
            bundles.Add(await sync.ExportOkAsync());
        }

        sync.Deliver(bundles[0]);
        sync.Deliver(bundles[2]);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 4, import.ToString());
        var receipt = Receipt(sync, "AG01");
        Assert.Equal((1L, (long?)2L), (receipt.AppliedThrough, receipt.WaitingFor));
        Assert.Equal([3L], receipt.Held);
        Assert.Equal([1L], receipt.Applied.Select(a => a.Sequence));

        // 2 arrives (resent): 2 and 3 applied, nothing held any more.
        sync.Deliver(bundles[1]);
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        var healed = Receipt(sync, "AG01");
        Assert.Equal((3L, (long?)null), (healed.AppliedThrough, healed.WaitingFor));
        Assert.Empty(healed.Held);
        Assert.Equal([2L, 3L], healed.Applied.Select(a => a.Sequence));
    }

    [Fact]
    public async Task A_gap_in_a_PostgreSQL_head_office_is_acknowledged_up_to_the_gap_and_healed_by_the_resent_bundle()
    {
        var target = new PostgresTestDatabase(); // Owned by the fixture from the next line on.
        using var sync = new SyncFixture(new SqliteTestDatabase(), target, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        sync.Source.Execute(ShopSchemas.ShopSource);
        target.Execute(HeadOffice.CentralSchema);
        var bundles = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            AddInvoices(sync, i, i);
            bundles.Add(await sync.ExportOkAsync());
        }

        sync.Deliver(bundles[0]);
        sync.Deliver(bundles[2]);
        var held = Receipt(sync, "AG01", await sync.ImportAsync());
        sync.Deliver(bundles[1]);
        var healed = Receipt(sync, "AG01", await sync.ImportAsync());

        Assert.Equal((1L, (long?)2L), (held.AppliedThrough, held.WaitingFor));
        Assert.Equal([3L], held.Held);
        Assert.Equal((3L, (long?)null), (healed.AppliedThrough, healed.WaitingFor));
        Assert.Equal([(2L, ReceiptOutcome.Applied), (3L, ReceiptOutcome.Applied)], healed.Applied.Select(a => (a.Sequence, a.Outcome)));
        Assert.True(healed.Counter > held.Counter);
    }

    [Fact]
    public async Task Signature_troubles_are_sorted_a_sig_over_other_bytes_or_left_behind_is_transport_another_key_is_content()
    {
        using var keys = new TempDirectory();
        var (privateKey, publicKey) = await SignatureTests.KeygenAsync(keys, "AG01");
        using var sync = SignatureTests.SignedShop(privateKey, publicKey, requireSignatures: false);
        var first = await sync.ExportOkAsync();
        SignatureTests.DeliverWithSignature(sync, first);
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        AddInvoices(sync, 2, 2);
        var altered = await sync.ExportOkAsync();
        AddInvoices(sync, 3, 3);
        var unsigned = await sync.ExportOkAsync();
        var (otherPrivate, _) = await SignatureTests.KeygenAsync(keys, "OTHER");
        sync.UpdateSiteConfig(c =>
        {
            c["tables"] = ShopSchemas.ShopSiteTables;
            c["signingKey"] = otherPrivate;
        });
        AddInvoices(sync, 4, 4);
        var foreign = await sync.ExportOkAsync();

        Directory.CreateDirectory(sync.Inbox);
        var alteredCopy = Path.Combine(sync.Inbox, Path.GetFileName(altered));
        BundleSurgery.EditCsv(altered, alteredCopy, "factures", "10.00", "99.00", fixManifest: true);
        File.Copy(altered + ".sig", alteredCopy + ".sig");
        sync.Deliver(unsigned);
        SignatureTests.DeliverWithSignature(sync, foreign);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var receipt = Receipt(sync, "AG01");
        Assert.Equal(1, receipt.AppliedThrough);
        Assert.Equal([(2L, DamageKind.Transport), (3L, DamageKind.Transport)], receipt.Quarantined.Select(q => (q.Sequence, q.Damage)));
        Assert.Contains("Damage: content", File.ReadAllText(Path.Combine(sync.Quarantine, Path.GetFileName(foreign) + ".error.txt")), StringComparison.Ordinal);
        var json = JsonNode.Parse((await StatusTests.StatusAsync(sync, "--json")).Output)!;
        var damages = json["quarantineUnattributed"]!.AsArray().Select(q => ((string)q!["file"]!, (string?)q["damage"])).Order().ToList();
        Assert.Equal([("AG01-00000002.zip", "transport"), ("AG01-00000003.zip", "transport"), ("AG01-00000004.zip", "content")], damages);
    }

    [Fact]
    public async Task A_flipped_byte_is_quarantined_as_transport_damage_listed_until_the_sequence_is_applied()
    {
        using var sync = ShopSchemas.NewShop();
        var bundles = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            AddInvoices(sync, i, i);
            bundles.Add(await sync.ExportOkAsync());
        }

        sync.Deliver(bundles[0]);
        Directory.CreateDirectory(sync.Inbox);
        File.WriteAllBytes(Path.Combine(sync.Inbox, Path.GetFileName(bundles[1])), FlipInEntry(File.ReadAllBytes(bundles[1]), "tables/factures.csv"));
        sync.Deliver(bundles[2]);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var receipt = Receipt(sync, "AG01");
        Assert.Equal((1L, (long?)2L), (receipt.AppliedThrough, receipt.WaitingFor));
        Assert.Equal([3L], receipt.Held);
        var quarantined = Assert.Single(receipt.Quarantined);
        Assert.Equal((2L, "AG01-00000002.zip", DamageKind.Transport), (quarantined.Sequence, quarantined.File, quarantined.Damage));
        Assert.DoesNotContain('\n', quarantined.Reason);
        Assert.Contains("Damage: transport", File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000002.zip.error.txt")), StringComparison.Ordinal);

        // A later run with nothing new still lists it (from the .error.txt) ...
        Assert.Single(Receipt(sync, "AG01", await sync.ImportAsync()).Quarantined);

        // ... until the resent original is applied.
        sync.Deliver(bundles[1]);
        var healed = Receipt(sync, "AG01", await sync.ImportAsync());
        Assert.Equal(3, healed.AppliedThrough);
        Assert.Empty(healed.Quarantined);
    }

    [Fact]
    public async Task A_value_head_office_refuses_is_quarantined_as_content_in_a_PostgreSQL_head_office()
    {
        var target = new PostgresTestDatabase(); // Owned by the fixture from the next line on.
        using var sync = new SyncFixture(new SqliteTestDatabase(), target, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        sync.Source.Execute(ShopSchemas.ShopSource.Replace("numero VARCHAR(20)", "numero TEXT", StringComparison.Ordinal));
        target.Execute(HeadOffice.CentralSchema);
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource($"INSERT INTO factures VALUES (2, '{new string('x', 30)}', '20.00', NULL, '2026-11-02 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        var receipt = Receipt(sync, "AG01");
        Assert.Equal((1L, (long?)null), (receipt.AppliedThrough, receipt.WaitingFor));
        var quarantined = Assert.Single(receipt.Quarantined);
        Assert.Equal((2L, DamageKind.Content), (quarantined.Sequence, quarantined.Damage));
        Assert.Contains("column numero", quarantined.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxxxx", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_of_an_unknown_site_is_refused_for_its_content_and_gets_no_receipt()
    {
        using var sync = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, siteId: "AG09");
        ServerConfigEdit.Apply(sync, c => c["sites"] = new JsonArray(new JsonObject { ["id"] = "AG01" }));
        AddInvoices(sync, 1, 1);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Contains("Damage: content", File.ReadAllText(Path.Combine(sync.Quarantine, "AG09-00000001.zip.error.txt")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(sync.Root, "central", "receipts", "AG09")));
        var known = Receipt(sync, "AG01");
        Assert.Empty(known.Quarantined);
        Assert.Equal(0, known.AppliedThrough);
    }

    [Fact]
    public async Task The_counter_keeps_growing_when_the_receipts_folder_is_emptied_by_hand()
    {
        using var sync = ShopSchemas.NewShop();
        AddInvoices(sync, 1, 1);
        sync.Deliver(await sync.ExportOkAsync());
        var first = Receipt(sync, "AG01", await sync.ImportAsync());
        var second = Receipt(sync, "AG01", await sync.ImportAsync());

        Directory.Delete(Path.Combine(sync.Root, "central", "receipts"), recursive: true);
        var third = Receipt(sync, "AG01", await sync.ImportAsync());

        Assert.True(first.Counter < second.Counter && second.Counter < third.Counter, $"{first.Counter}, {second.Counter}, {third.Counter}");
        Assert.Equal(1, third.AppliedThrough);
        Assert.True(File.Exists(Path.Combine(sync.Root, "central", "receipt-state", "AG01.json")));
    }

    [Fact]
    public async Task A_receipts_folder_that_cannot_be_written_is_a_warning_and_the_import_succeeds()
    {
        using var sync = ShopSchemas.NewShop();
        var blocker = Path.Combine(sync.Root, "central", "not-a-folder");
        File.WriteAllText(blocker, "a file where the receipts folder should be");
        ServerConfigEdit.Apply(sync, c => c["sites"] = new JsonArray(new JsonObject { ["id"] = "AG01", ["receiptsTo"] = "not-a-folder/receipts" }));
        AddInvoices(sync, 1, 1);
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(1, sync.CentralCount("factures"));
        Assert.Contains("The receipt for site AG01 could not be written", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", import.Error, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Processed));
    }

    [Fact]
    public async Task Receipts_go_to_the_sites_receiptsTo_folder_signed_with_the_head_office_key_made_by_keygen()
    {
        using var sync = ShopSchemas.NewShop();
        var keys = Path.Combine(sync.Root, "central", "keys");
        var keygen = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["keygen", "--out", keys], o, e));
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        Assert.Contains("headoffice.private.pem", keygen.Output, StringComparison.Ordinal);
        var stick = Path.Combine(sync.Root, "stick", "receipts");
        ServerConfigEdit.Apply(sync, c =>
        {
            c["signingKey"] = "keys/headoffice.private.pem";
            c["sites"] = new JsonArray(new JsonObject { ["id"] = "AG01", ["receiptsTo"] = stick });
        });
        AddInvoices(sync, 1, 1);
        sync.Deliver(await sync.ExportOkAsync());

        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        var path = Path.Combine(stick, "AG01.receipt.json");
        using var publicKey = SigningKeys.LoadPublic(Path.Combine(keys, "headoffice.public.pem"));
        var read = ReceiptFile.Read(path, publicKey);
        Assert.True(read.Status == ReceiptReadStatus.Ok, read.Reason);
        Assert.Equal(1, read.Receipt!.AppliedThrough);
        using var stranger = SigningKeys.Create();
        Assert.Equal(ReceiptReadStatus.WrongKey, ReceiptFile.Read(path, stranger).Status);

        // A key is never overwritten; the refusal in the language of the console.
        var again = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["keygen", "--out", keys], o, e));
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        var french = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["keygen", "--out", keys, "--lang", "fr"], o, e));
        Assert.True(french.ExitCode == 2, french.ToString());
        Assert.Contains("existe déjà ; une clé n'est jamais écrasée", french.Error, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, "headoffice.private.pem")));
        }
    }

    [Fact]
    public async Task Status_shows_when_each_sites_last_receipt_was_written()
    {
        using var sync = ShopSchemas.NewShop();
        AddInvoices(sync, 1, 1);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        var receipt = Receipt(sync, "AG01");

        var text = await StatusTests.StatusAsync(sync);
        var json = await StatusTests.StatusAsync(sync, "--json");
        var html = Path.Combine(sync.Root, "central", "status.html");
        var page = await StatusTests.StatusAsync(sync, "--html", html);

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"receipt {receipt.Counter}", text.Output, StringComparison.Ordinal);
        var site = JsonNode.Parse(json.Output)!["sites"]!.AsArray().Single(s => (string?)s!["siteId"] == "AG01")!;
        Assert.Equal(receipt.Counter, (long)site["lastReceipt"]!["counter"]!);
        Assert.Equal(1, (long)site["lastReceipt"]!["appliedThrough"]!);
        Assert.Equal(0, page.ExitCode);
        Assert.Contains($"receipt {receipt.Counter}", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_mode_writes_a_receipt_after_each_bundle()
    {
        using var sync = ShopSchemas.NewShop();
        var bundles = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            AddInvoices(sync, i, i);
            bundles.Add(await sync.ExportOkAsync());
        }

        Directory.CreateDirectory(sync.Inbox);
        using var watch = ProgramProcess.Start("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", sync.ServerConfigPath);
        await WatchModeTests.WaitForAsync(watch, () => watch.Result().Error.Contains("Watching ", StringComparison.Ordinal), "the watch to start");

        sync.Deliver(bundles[0]);
        await WatchModeTests.WaitForAsync(watch, () => TryReceipt(sync)?.AppliedThrough == 1, "a receipt acknowledging 1");
        sync.Deliver(bundles[2]);
        await WatchModeTests.WaitForAsync(watch, () => TryReceipt(sync)?.WaitingFor == 2, "a receipt waiting for 2");
        Assert.Equal([3L], TryReceipt(sync)!.Held);
        sync.Deliver(bundles[1]);
        await WatchModeTests.WaitForAsync(watch, () => TryReceipt(sync)?.AppliedThrough == 3, "a receipt acknowledging 3");

        var last = TryReceipt(sync)!;
        Assert.Null(last.WaitingFor);
        Assert.Equal([2L, 3L], last.Applied.Select(a => a.Sequence));
    }

    /// <summary>Adds invoices <paramref name="from"/> to <paramref name="to"/> at the site.</summary>
    private static void AddInvoices(SyncFixture sync, int from, int to)
    {
        sync.ExecuteSource(ShopData.Factures(from, to, round: from));
    }

    private static Receipt Receipt(SyncFixture sync, string site, CliResult? import = null)
    {
        Assert.True(import is null || import.ExitCode is 0 or 3 or 4, import?.ToString());
        var read = ReceiptFile.Read(Path.Combine(sync.Root, "central", "receipts", site, site + ".receipt.json"), expectedKey: null);
        Assert.True(read.Status == ReceiptReadStatus.Unsigned, $"{read.Status}: {read.Reason}");
        Assert.Equal(site, read.Receipt!.Site);
        return read.Receipt;
    }

    private static Receipt? TryReceipt(SyncFixture sync)
    {
        try
        {
            return ReceiptFile.Read(Path.Combine(sync.Root, "central", "receipts", "AG01", "AG01.receipt.json"), expectedKey: null).Receipt;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static byte[] FlipInEntry(byte[] bundle, string name)
    {
        var model = ZipModel.Parse(bundle);
        var data = (byte[])model[name].Data.Clone();
        data[data.Length / 2] ^= 0x10;
        model[name].Data = data;
        return model.ToBytes();
    }
}
