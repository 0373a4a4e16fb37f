using SyncFiles.Tests.Scenarios;
using SyncFiles.Tests.Support;
using static SyncFiles.Tests.Encryption.HeadOfficeEncryptionKit;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// The importer's run on encrypted bundles (<c>.zip.enc</c>), on real SQLite files: keys chosen by
/// key id (two at once while rotating), the order of checks (signature over the encrypted bytes,
/// then the clear header against the file name and the signature, then the key, then the content),
/// <c>requireEncryption</c>, and filing. Every refusal is checked to leave the central tables, the
/// ledger and the database's list of tables as they were: nothing reached staging.
/// </summary>
public sealed class ImportEncryptedBundleTests : IDisposable
{
    private const string Factures = "SELECT agence, id, numero, total_ttc FROM factures ORDER BY agence, id";
    private readonly SyncFixture _sync;
    private readonly TempDirectory _keys = new();

    public ImportEncryptedBundleTests()
    {
        _sync = new SyncFixture(new SqliteTestDatabase(), new SqliteTestDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables);
        _sync.Source.Execute(ScenarioSchema.Source);
        _sync.Target.Execute(ScenarioSchema.Central);
    }

    public void Dispose()
    {
        _sync.Dispose();
        _keys.Dispose();
    }

    [Fact]
    public async Task An_encrypted_bundle_is_applied_and_filed_with_its_signature_and_a_replay_is_a_duplicate()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var siteKey = SiteSigningKey(_sync, _keys.Combine("site"));
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var encrypted = Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        Sign(encrypted, siteKey, "AG01", 1);
        var copy = Path.Combine(_sync.Root, "copy.zip.enc");
        File.Copy(encrypted, copy);
        File.Copy(encrypted + ".sig", copy + ".sig");

        var first = await _sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("applied", first.Output, StringComparison.Ordinal);
        Assert.Equal([["AG01", "1", "F1", "10"]], _sync.Target.QueryCanonical(Factures));
        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000001.zip.enc.sig"], SyncFixture.Files(_sync.Processed));

        File.Copy(copy, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"));
        File.Copy(copy + ".sig", Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc.sig"));
        var replay = await _sync.ImportAsync();

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("duplicate", replay.Output, StringComparison.Ordinal);
        Assert.Contains("AG01-00000001.duplicate.zip.enc", SyncFixture.Files(_sync.Processed));
        Assert.Contains("AG01-00000001.duplicate.zip.enc.sig", SyncFixture.Files(_sync.Processed));
        Assert.Equal(1, _sync.Target.Count("syncfiles_ledger"));
    }

    [Fact]
    public async Task With_two_keys_configured_old_bundles_still_in_the_inbox_apply_after_the_new_key_is_added()
    {
        var old = NewPair(_keys.Path, "old-encryption");
        var current = NewPair(_keys.Path, "headoffice-encryption");
        var first = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var second = await ExportAsync("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");

        // Bundle 1 left the site before the rotation, bundle 2 after: both wait in the inbox.
        Encrypt(first, old.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        Encrypt(second, current.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000002.zip.enc"), "AG01", 2);
        UseKeys(_sync, current.PrivateKeyPath, old.PrivateKeyPath);

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([["AG01", "1", "F1", "10"], ["AG01", "2", "F2", "20"]], _sync.Target.QueryCanonical(Factures));
    }

    [Fact]
    public async Task A_bundle_for_a_key_head_office_does_not_hold_is_quarantined_naming_both_ids_and_applies_once_the_key_is_added_and_it_is_requeued()
    {
        var old = NewPair(_keys.Path, "old-encryption");
        var current = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, current.PrivateKeyPath);
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        Encrypt(plain, old.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        var tables = CentralTables();

        var refused = await _sync.ImportAsync();

        Assert.True(refused.ExitCode == 3, refused.ToString());
        var reason = QuarantineReason(_sync);
        Assert.Contains($"encrypted for head office key {old.KeyId}, which is not among the keys configured ({current.KeyId})", reason, StringComparison.Ordinal);
        Assert.Contains("Damage: content", reason, StringComparison.Ordinal);
        AssertCentralUntouched(tables);

        // What the error file says to do: add the key, move the bundle back.
        UseKeys(_sync, current.PrivateKeyPath, old.PrivateKeyPath);
        File.Move(Path.Combine(_sync.Quarantine, "AG01-00000001.zip.enc"), Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"));
        var requeued = await _sync.ImportAsync();

        Assert.True(requeued.ExitCode == 0, requeued.ToString());
        Assert.Equal([["AG01", "1", "F1", "10"]], _sync.Target.QueryCanonical(Factures));
    }

    [Fact]
    public async Task An_encrypted_bundle_without_any_key_configured_is_quarantined_naming_its_key()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        var tables = CentralTables();

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"encrypted for head office key {key.KeyId}, but no decryption key is configured", QuarantineReason(_sync), StringComparison.Ordinal);
        AssertCentralUntouched(tables);
    }

    [Fact]
    public async Task A_header_naming_another_site_than_the_file_name_is_refused_before_any_key_is_used()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        EditServer(_sync, json => json["sites"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["id"] = "AG02" }));
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG02", 1);
        var tables = CentralTables();

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("its encryption header says site AG02 sequence 1, but its file name says otherwise", QuarantineReason(_sync), StringComparison.Ordinal);
        AssertCentralUntouched(tables);
    }

    [Fact]
    public async Task A_header_naming_another_sequence_than_the_signature_is_refused()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var siteKey = SiteSigningKey(_sync, _keys.Combine("site"));
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");

        // A genuine signature for sequence 1 over bytes whose header (and name) claim sequence 2.
        var encrypted = Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000002.zip.enc"), "AG01", 2);
        Sign(encrypted, siteKey, "AG01", 1);
        var tables = CentralTables();

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("the signature is for site AG01 sequence 1, but the encryption header says site AG01 sequence 2", QuarantineReason(_sync), StringComparison.Ordinal);
        AssertCentralUntouched(tables);
    }

    [Fact]
    public async Task A_header_naming_another_sequence_than_the_decrypted_manifest_is_refused()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000002.zip.enc"), "AG01", 2);
        var tables = CentralTables();

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("the encryption header says site AG01 sequence 2, but the decrypted manifest says site AG01 sequence 1", QuarantineReason(_sync), StringComparison.Ordinal);
        AssertCentralUntouched(tables);
    }

    [Theory]
    [InlineData("AG01")]
    [InlineData(null)]
    public async Task A_plaintext_bundle_of_a_site_that_must_encrypt_is_quarantined_unapplied(string? site)
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        RequireEncryption(_sync, site);
        _sync.Deliver(await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')"));
        var tables = CentralTables();

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        var reason = QuarantineReason(_sync);
        Assert.Contains("AG01-00000001.zip is not encrypted, but", reason, StringComparison.Ordinal);
        Assert.Contains("\"encryptTo\"", reason, StringComparison.Ordinal);
        Assert.Contains("Damage: content", reason, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip", "AG01-00000001.zip.error.txt"], SyncFixture.Files(_sync.Quarantine));
        AssertCentralUntouched(tables);
    }

    [Fact]
    public async Task A_chunk_damaged_on_the_way_is_quarantined_as_transport_damage_and_the_receipt_asks_the_site_for_it_again()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var encrypted = Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Root, "AG01-00000001.zip.enc"), "AG01", 1);
        var bytes = File.ReadAllBytes(encrypted);
        bytes[^20] ^= 0x01;
        File.WriteAllBytes(Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), bytes);
        var tables = CentralTables();

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        var reason = QuarantineReason(_sync);
        Assert.Contains("Damage: transport", reason, StringComparison.Ordinal);
        Assert.Contains("AG01-00000001.zip.enc", reason, StringComparison.Ordinal);
        AssertCentralUntouched(tables);

        // The site reads this in head office's receipt and resends its archived copy by itself.
        var receipt = SyncFiles.Common.Receipts.ReceiptFile.Read(Path.Combine(_sync.Root, "central", "receipts", "AG01", "AG01.receipt.json"), expectedKey: null).Receipt!;
        var quarantined = Assert.Single(receipt.Quarantined);
        Assert.Equal((1L, "AG01-00000001.zip.enc", SyncFiles.Common.Receipts.DamageKind.Transport), (quarantined.Sequence, quarantined.File, quarantined.Damage));
    }

    [Fact]
    public async Task An_encrypted_bundle_whose_name_lost_its_enc_extension_is_quarantined_saying_so()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip"), "AG01", 1);

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("AG01-00000001.zip is an encrypted bundle (it begins with the SFENC header), but its name lost the .enc extension", QuarantineReason(_sync), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reads_encrypted_bundles_in_the_inbox_and_says_which_the_next_run_quarantines()
    {
        var old = NewPair(_keys.Path, "old-encryption");
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var first = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var second = await ExportAsync("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");
        Encrypt(first, old.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        Encrypt(second, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000002.zip.enc"), "AG01", 2);

        var status = await CliResult.RunAsync((o, e) => SyncFiles.Importer.Cli.ImporterCli.RunAsync(["status", "--config", _sync.ServerConfigPath], o, e));

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"the next run quarantines it: AG01-00000001.zip.enc is encrypted for head office key {old.KeyId}", status.Output, StringComparison.Ordinal);
        Assert.Contains("AG01-00000002.zip.enc", status.Output, StringComparison.Ordinal);
        Assert.Equal(0, _sync.Target.Count("factures"));
    }

    [Fact]
    public async Task The_reason_of_a_refused_encrypted_bundle_reads_in_french()
    {
        var old = NewPair(_keys.Path, "old-encryption");
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        Encrypt(await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')"), old.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);

        var result = await CliResult.RunAsync((o, e) => SyncFiles.Importer.Cli.ImporterCli.RunAsync(["run", "--config", _sync.ServerConfigPath, "--lang", "fr"], o, e));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"AG01-00000001.zip.enc est chiffré pour la clé du siège {old.KeyId}, qui n'est pas parmi les clés configurées ({key.KeyId})", QuarantineReason(_sync), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_bundle_ahead_of_its_predecessor_is_held_until_it_comes()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        var first = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var second = await ExportAsync("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");
        Encrypt(second, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000002.zip.enc"), "AG01", 2);

        var held = await _sync.ImportAsync();

        Assert.True(held.ExitCode == 4, held.ToString());
        Assert.StartsWith("held", held.Output, StringComparison.Ordinal);
        Assert.Contains("AG01-00000002.zip.enc: waits for sequence 1", held.Output, StringComparison.Ordinal);
        Assert.Equal(0, _sync.Target.Count("factures"));

        Encrypt(first, key.PublicKeyPath, Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        var both = await _sync.ImportAsync();

        Assert.True(both.ExitCode == 0, both.ToString());
        Assert.Equal([["AG01", "1", "F1", "10"], ["AG01", "2", "F2", "20"]], _sync.Target.QueryCanonical(Factures));
    }

    [Fact]
    public async Task An_encrypted_bundle_still_being_copied_is_left_in_the_inbox_not_quarantined()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, key.PrivateKeyPath);
        EditServer(_sync, json => json["settleTime"] = "1h");
        var plain = await ExportAsync("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var whole = File.ReadAllBytes(Encrypt(plain, key.PublicKeyPath, Path.Combine(_sync.Root, "AG01-00000001.zip.enc"), "AG01", 1));

        // The copy has written its first bytes only: the final chunk is not there yet.
        File.WriteAllBytes(Path.Combine(_sync.Inbox, "AG01-00000001.zip.enc"), whole[..(whole.Length / 2)]);
        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("arriving", result.Output, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip.enc"], SyncFixture.Files(_sync.Inbox));
        Assert.Empty(SyncFixture.Files(_sync.Quarantine));
    }

    [Fact]
    public async Task A_configuration_that_requires_encryption_without_a_key_is_refused_with_exit_2()
    {
        RequireEncryption(_sync, "AG01");

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("requireEncryption is on, but \"decryptionKeys\" lists no key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decryption_key_file_that_is_missing_or_public_is_a_configuration_error()
    {
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(_sync, _keys.Combine("no-such.private.pem"));

        var missing = await _sync.ImportAsync();

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("no-such.private.pem", missing.Error, StringComparison.Ordinal);

        UseKeys(_sync, key.PublicKeyPath);
        var publicKey = await _sync.ImportAsync();

        Assert.True(publicKey.ExitCode == 2, publicKey.ToString());
        Assert.Contains("headoffice-encryption.public.pem", publicKey.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Error + publicKey.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_receipt_signing_key_is_refused_as_a_decryption_key()
    {
        var keygen = await CliResult.RunAsync((o, e) => SyncFiles.Importer.Cli.ImporterCli.RunAsync(["keygen", "--out", _keys.Path], o, e));
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        EditServer(_sync, json => json["signingKey"] = _keys.Combine("headoffice.private.pem"));
        UseKeys(_sync, _keys.Combine("headoffice.private.pem"));

        var result = await _sync.ImportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("lists the receipt-signing key", result.Error, StringComparison.Ordinal);
    }

    private async Task<string> ExportAsync(string sql)
    {
        _sync.Source.Execute(sql);
        return await _sync.ExportOkAsync();
    }

    private List<object?[]> CentralTables() =>
        _sync.Target.Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");

    /// <summary>No row in the central tables or the ledger, and no table added (no staging table left behind).</summary>
    private void AssertCentralUntouched(List<object?[]> tablesBefore)
    {
        Assert.Equal(0, _sync.Target.Count("factures"));
        Assert.Equal(0, _sync.Target.Count("familles"));
        Assert.Equal(0, _sync.Target.Count("mouvements"));
        var ledger = _sync.Target.Query("SELECT count(*) FROM sqlite_master WHERE name = 'syncfiles_ledger'")[0][0];
        if (Convert.ToInt64(ledger, System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            Assert.Equal(0, _sync.Target.Count("syncfiles_ledger"));
        }

        var tablesAfter = CentralTables().Where(t => !string.Equals((string?)t[0], "syncfiles_ledger", StringComparison.Ordinal) && !string.Equals((string?)t[0], "syncfiles_table_state", StringComparison.Ordinal));
        Assert.Equal(tablesBefore.Select(t => (string?)t[0]), tablesAfter.Select(t => (string?)t[0]));
    }
}
