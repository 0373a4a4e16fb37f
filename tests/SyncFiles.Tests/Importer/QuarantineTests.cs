using System.Text;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>Damaged or forged bundles: each is quarantined with its reason and the target and ledger stay exactly as before.</summary>
public sealed class QuarantineTests
{
    private static async Task<(SyncFixture Sync, string Bundle, List<object?[]> Before)> AppliedShopAsync()
    {
        var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (1, 'Boissons');
            INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (2, 'Épicerie');
            INSERT INTO factures VALUES (2, 'F2', '20.00', 'deuxième', '2026-11-02 10:00:00.000');
            """);
        var second = await sync.ExportOkAsync();
        return (sync, second, Snapshot(sync));
    }

    private static List<object?[]> Snapshot(SyncFixture sync) =>
        [.. sync.QueryCentral("SELECT 'f', agence, id, numero, total_ttc, remarque, modifie_le FROM factures UNION ALL SELECT 'm', agence, id, libelle, NULL, NULL, NULL FROM familles ORDER BY 1, 3"),
         .. sync.QueryCentral("SELECT 'l', site_id, sequence, bundle_id, sha256, applied_utc, rows_total FROM syncfiles_ledger")];

    private static async Task<string> ImportExpectingQuarantineAsync(SyncFixture sync, List<object?[]> before)
    {
        var result = await sync.ImportAsync();
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal(before, Snapshot(sync));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
        var reasons = Directory.GetFiles(sync.Quarantine, "*.error.txt");
        Assert.Single(reasons);
        Assert.True(File.Exists(reasons[0][..^".error.txt".Length]), "the bundle itself is kept in quarantine");
        return File.ReadAllText(reasons[0]);
    }

    [Fact]
    public async Task A_bundle_whose_csv_was_altered_is_quarantined_for_its_hash()
    {
        var (sync, bundle, before) = await AppliedShopAsync();
        using var _ = sync;
        BundleSurgery.EditCsv(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "factures", "20.00", "2000.00", fixManifest: false);

        var reason = await ImportExpectingQuarantineAsync(sync, before);

        Assert.Contains("tables/factures.csv", reason, StringComparison.Ordinal);
        Assert.Contains("holds more than the", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_with_a_same_length_alteration_is_quarantined_for_its_sha256()
    {
        var (sync, bundle, before) = await AppliedShopAsync();
        using var _ = sync;
        BundleSurgery.EditCsv(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "factures", "20.00", "90.00", fixManifest: false);

        var reason = await ImportExpectingQuarantineAsync(sync, before);

        Assert.Contains("tables/factures.csv does not match the SHA-256 in the manifest", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_value_that_is_not_of_its_type_is_reported_with_table_line_and_column()
    {
        var (sync, bundle, before) = await AppliedShopAsync();
        using var _ = sync;
        BundleSurgery.EditCsv(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "factures", "20.00", "vingt", fixManifest: true);

        var reason = await ImportExpectingQuarantineAsync(sync, before);

        Assert.Contains("AG01-00000002.zip:tables/factures.csv, table factures, line 3, column total_ttc: the value is not a valid decimal", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_bundle_is_quarantined()
    {
        var (sync, bundle, before) = await AppliedShopAsync();
        using var _ = sync;
        Directory.CreateDirectory(sync.Inbox);
        BundleSurgery.Truncate(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), (int)new FileInfo(bundle).Length / 2);

        var reason = await ImportExpectingQuarantineAsync(sync, before);

        Assert.Contains("AG01-00000002.zip", reason, StringComparison.Ordinal);
        Assert.Contains("truncated", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_with_an_entry_the_manifest_does_not_list_is_quarantined()
    {
        var (sync, bundle, before) = await AppliedShopAsync();
        using var _ = sync;
        Directory.CreateDirectory(sync.Inbox);
        BundleSurgery.Rewrite(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), (_, content) => content, [("../../evil.sh", Encoding.UTF8.GetBytes("rm -rf /"))]);

        var reason = await ImportExpectingQuarantineAsync(sync, before);

        Assert.Contains("entry '../../evil.sh' is not listed in the manifest", reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sync.Root, "evil.sh")));
    }

    [Fact]
    public async Task A_bundle_with_a_column_the_target_lacks_is_refused_naming_table_and_column()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN vendeur TEXT; INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000', 'Ana');");
        sync.Deliver(await sync.ExportOkAsync());

        var result = await sync.ImportAsync();

        Assert.Equal(3, result.ExitCode);
        var reason = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains("Table factures, column vendeur: the target table has no such column", reason, StringComparison.Ordinal);
        Assert.Equal(0L, sync.CentralCount("factures"));
        Assert.Equal(0L, sync.CentralCount("familles"));
        Assert.Equal(0L, sync.CentralCount("syncfiles_ledger"));
    }

    [Fact]
    public async Task Verify_accepts_a_good_bundle_and_names_the_problem_in_a_bad_one()
    {
        var (sync, bundle, _) = await AppliedShopAsync();
        using var _ = sync;
        var good = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["verify", bundle], o, e));
        var forged = Path.Combine(sync.Root, "forged.zip");
        BundleSurgery.EditCsv(bundle, forged, "familles", "Épicerie", "Epicerie", fixManifest: false);
        var bad = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["verify", forged], o, e));

        Assert.Equal(0, good.ExitCode);
        Assert.Contains("AG01-00000002.zip: valid, unsigned (no AG01-00000002.zip.sig): nothing proves which site made it. Site AG01, sequence 2, incremental, 2 tables, 4 rows", good.Output, StringComparison.Ordinal);
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("forged.zip: tables/familles.csv", bad.Error, StringComparison.Ordinal);
    }
}
