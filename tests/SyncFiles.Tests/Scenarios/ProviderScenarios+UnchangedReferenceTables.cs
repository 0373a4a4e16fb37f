using System.Text.Json;
using System.Text.Json.Nodes;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// Incremental bundles leave out the staging and merge of a site's reference table whose CSV is the
/// one last applied. Proved by a row of the site edited at head office in between: a skipped table
/// leaves the edit in place, an applied one puts the site's value back.
/// </summary>
public abstract partial class ProviderScenarios
{
    private const string Articles = "SELECT agence, id, libelle, prix FROM articles ORDER BY agence, id";
    private const string Taux = "SELECT code, taux FROM taux ORDER BY code";
    private const string TableStates = "SELECT site_id, table_name, sha256, sequence FROM syncfiles_table_state ORDER BY site_id, table_name";

    private static readonly string?[][] SiteArticles = [["AG01", "1", "Café", "3.5"], ["AG01", "2", "Thé", "2.8"]];
    private static readonly string?[][] EditedArticles = [["AG01", "1", "Café (prix siège)", "9.99"], ["AG01", "2", "Thé", "2.8"]];

    [Fact]
    public async Task An_incremental_bundle_skips_a_site_reference_table_identical_to_the_last_applied_until_it_changes_or_a_full_bundle_comes()
    {
        using var sync = NewReferenceShop();
        sync.Source.Execute("""
            INSERT INTO articles VALUES (1, 'Café', 3.50), (2, 'Thé', 2.80);
            INSERT INTO taux VALUES ('N', 20.00);
            INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00');
            """);
        var first = await sync.ExportOkAsync();
        sync.Deliver(first);
        var applied = await ImportVerboseAsync(sync);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal([["AG01", "articles", Sha256Of(first, "articles"), "1"], ["AG01", "taux", Sha256Of(first, "taux"), "1"]], sync.Target.QueryCanonical(TableStates));

        EditAtHeadOffice(sync);
        sync.Source.Execute("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00')");
        var second = await sync.ExportOkAsync();
        Assert.Equal(Sha256Of(first, "articles"), Sha256Of(second, "articles"));
        sync.Deliver(second);
        var skipped = await ImportVerboseAsync(sync);

        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("Table articles unchanged since sequence 1: skipped", skipped.Error, StringComparison.Ordinal);
        Assert.Equal(EditedArticles, sync.Target.QueryCanonical(Articles));
        Assert.DoesNotContain("Table taux unchanged", skipped.Error, StringComparison.Ordinal);
        Assert.Equal([["N", "20"]], sync.Target.QueryCanonical(Taux));
        Assert.Equal([["1"], ["2"]], sync.Target.QueryCanonical("SELECT id FROM factures ORDER BY id"));
        var counts = RowCounts(sync, 2);
        Assert.Equal((2L, 0L, 0L, 2L), counts["articles"]);
        Assert.Equal((1L, 0L, 1L, 0L), counts["taux"]);
        Assert.Equal([["AG01", "articles", Sha256Of(first, "articles"), "1"], ["AG01", "taux", Sha256Of(second, "taux"), "2"]], sync.Target.QueryCanonical(TableStates));
        Assert.Equal([["1"], ["2"]], sync.Target.QueryCanonical("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));

        // Changed at the site: applied whole, which also puts back the row edited at head office.
        sync.Source.Execute("UPDATE articles SET prix = 2.90 WHERE id = 2");
        var third = await sync.ExportOkAsync();
        sync.Deliver(third);
        var changed = await ImportVerboseAsync(sync);

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.DoesNotContain("Table articles unchanged", changed.Error, StringComparison.Ordinal);
        Assert.Equal([["AG01", "1", "Café", "3.5"], ["AG01", "2", "Thé", "2.9"]], sync.Target.QueryCanonical(Articles));
        Assert.Equal((2L, 0L, 2L, 0L), RowCounts(sync, 3)["articles"]);
        Assert.Equal(["AG01", "articles", Sha256Of(third, "articles"), "3"], sync.Target.QueryCanonical(TableStates)[0]);

        // A full bundle is always applied, identical or not.
        EditAtHeadOffice(sync);
        var full = await sync.ExportOkAsync("--full");
        Assert.Equal(Sha256Of(third, "articles"), Sha256Of(full, "articles"));
        sync.Deliver(full);
        var restored = await ImportVerboseAsync(sync);

        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.DoesNotContain("unchanged since sequence", restored.Error, StringComparison.Ordinal);
        Assert.Equal([["AG01", "1", "Café", "3.5"], ["AG01", "2", "Thé", "2.9"]], sync.Target.QueryCanonical(Articles));
        Assert.Equal(["AG01", "articles", Sha256Of(full, "articles"), "4"], sync.Target.QueryCanonical(TableStates)[0]);
    }

    [Fact]
    public async Task With_skipUnchangedReferenceTables_off_an_identical_reference_table_is_applied_and_still_recorded()
    {
        using var sync = NewReferenceShop();
        sync.Source.Execute("""
            INSERT INTO articles VALUES (1, 'Café', 3.50), (2, 'Thé', 2.80);
            INSERT INTO taux VALUES ('N', 20.00);
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        EditAtHeadOffice(sync);
        var second = await sync.ExportOkAsync();
        sync.Deliver(second);
        var config = JsonNode.Parse(File.ReadAllText(sync.ServerConfigPath))!;
        config["skipUnchangedReferenceTables"] = false;
        File.WriteAllText(sync.ServerConfigPath, config.ToJsonString());

        var import = await ImportVerboseAsync(sync);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.DoesNotContain("unchanged since sequence", import.Error, StringComparison.Ordinal);
        Assert.Equal(SiteArticles, sync.Target.QueryCanonical(Articles));
        Assert.Equal([["N", "20"]], sync.Target.QueryCanonical(Taux));
        Assert.Equal((2L, 0L, 1L, 1L), RowCounts(sync, 2)["articles"]);

        // Recorded while off, so turning it on again compares with what was really applied last.
        Assert.Equal([["AG01", "articles", Sha256Of(second, "articles"), "2"], ["AG01", "taux", Sha256Of(second, "taux"), "2"]], sync.Target.QueryCanonical(TableStates));
    }

    [Fact]
    public async Task A_reference_table_that_would_be_skipped_is_still_verified_and_a_tampered_one_quarantines_the_bundle()
    {
        using var sync = NewReferenceShop();
        sync.Source.Execute("""
            INSERT INTO articles VALUES (1, 'Café', 3.50), (2, 'Thé', 2.80);
            INSERT INTO taux VALUES ('N', 20.00);
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);

        // The manifest still gives the hash recorded for articles; only the CSV under it changed.
        BundleSurgery.EditCsv(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "articles", "2.80", "0.01", fixManifest: false);
        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("does not match the SHA-256", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("factures"));
        Assert.Equal(SiteArticles, sync.Target.QueryCanonical(Articles));
        Assert.Equal([["1"]], sync.Target.QueryCanonical("SELECT sequence FROM syncfiles_ledger"));
        Assert.Equal([["articles", "1"], ["taux", "1"]], sync.Target.QueryCanonical("SELECT table_name, sequence FROM syncfiles_table_state ORDER BY table_name"));
    }

    [Fact]
    public async Task A_skipped_reference_table_is_still_counted_record_by_record_and_a_manifest_that_miscounts_it_quarantines_the_bundle()
    {
        using var sync = NewReferenceShop();
        sync.Source.Execute("""
            INSERT INTO articles VALUES (1, 'Café
            noir, "serré"', 3.50), (2, 'Thé', 2.80);
            INSERT INTO taux VALUES ('N', 20.00);
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var second = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);

        // The CSV, and so its SHA-256, is the one recorded; only the manifest's row count is off.
        BundleSurgery.Rewrite(second, Path.Combine(sync.Inbox, Path.GetFileName(second)), (name, content) => name == "manifest.json" ? WithRows(content, "articles", 3) : content);
        var miscounted = await sync.ImportAsync();

        Assert.True(miscounted.ExitCode == 3, miscounted.ToString());
        Assert.Contains("tables/articles.csv (table articles) has 2 rows but the manifest declares 3", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("factures"));
        Assert.Equal([["1"]], sync.Target.QueryCanonical("SELECT sequence FROM syncfiles_ledger"));

        // The true bundle: skipped, and its two records counted, one of them over two lines.
        sync.Deliver(second);
        var skipped = await ImportVerboseAsync(sync);

        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("Table articles unchanged since sequence 1: skipped", skipped.Error, StringComparison.Ordinal);
        Assert.Equal((2L, 0L, 0L, 2L), RowCounts(sync, 2)["articles"]);
        Assert.Equal([["1"]], sync.Target.QueryCanonical("SELECT id FROM factures"));
        Assert.Equal([["AG01", "1", "Café\nnoir, \"serré\"", "3.5"], ["AG01", "2", "Thé", "2.8"]], sync.Target.QueryCanonical(Articles));
    }

    [Fact]
    public async Task A_mirrored_reference_table_identical_to_the_last_applied_with_the_mirror_is_skipped_but_not_one_applied_before_the_mirror_was_on()
    {
        using var sync = NewReferenceShop();
        sync.Target.Execute("INSERT INTO articles VALUES ('AG02', 1, 'Autre site', 1.00)");
        sync.Source.Execute("""
            INSERT INTO articles VALUES (1, 'Café', 3.50), (2, 'Thé', 2.80), (3, 'Sucre', 1.20);
            INSERT INTO taux VALUES ('N', 20.00);
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        // Deleted at the site while it did not mirror: head office keeps article 3.
        sync.Source.Execute("DELETE FROM articles WHERE id = 3");
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        Assert.Equal(3, sync.Target.QueryCanonical("SELECT id FROM articles WHERE agence = 'AG01'").Count);

        // The site turns the mirror on; its CSV is byte for byte the one applied last, without the
        // mirror: applied all the same, so the mirror deletes article 3, and only that site's.
        sync.UpdateSiteConfig(config => config["tables"] = new object[]
        {
            new { name = "articles", kind = "reference", deletes = "mirror" },
            new { name = "taux", kind = "reference" },
            new { name = "factures", kind = "transaction", changeColumn = "modifie_le" },
        });
        sync.Deliver(await sync.ExportOkAsync());
        var mirrored = await ImportVerboseAsync(sync);

        Assert.True(mirrored.ExitCode == 0, mirrored.ToString());
        Assert.DoesNotContain("Table articles unchanged", mirrored.Error, StringComparison.Ordinal);
        Assert.Equal([["AG01", "1"], ["AG01", "2"], ["AG02", "1"]], sync.Target.QueryCanonical("SELECT agence, id FROM articles ORDER BY agence, id"));

        // Identical again, now applied with the mirror: skipped, as the other reference tables are.
        EditAtHeadOffice(sync);
        sync.Deliver(await sync.ExportOkAsync());
        var skipped = await ImportVerboseAsync(sync);

        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Contains("Table articles unchanged since sequence 3: skipped", skipped.Error, StringComparison.Ordinal);
        Assert.Equal(EditedArticles.Append(new string?[] { "AG02", "1", "Autre site", "1" }).ToArray(), sync.Target.QueryCanonical(Articles));

        // Changed at the site: applied and mirrored again.
        sync.Source.Execute("DELETE FROM articles WHERE id = 2");
        sync.Deliver(await sync.ExportOkAsync());
        var changed = await ImportVerboseAsync(sync);

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Equal([["AG01", "1", "Café", "3.5"], ["AG02", "1", "Autre site", "1"]], sync.Target.QueryCanonical(Articles));
    }

    private SyncFixture NewReferenceShop()
    {
        var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.ReferenceSiteTables, ScenarioSchema.ReferenceServerTables);
        sync.Source.Execute(ScenarioSchema.ReferenceSource);
        sync.Target.Execute(ScenarioSchema.ReferenceCentral);
        return sync;
    }

    /// <summary>What someone might do by hand at head office: change the site's article 1, and the shared rate.</summary>
    private static void EditAtHeadOffice(SyncFixture sync) => sync.Target.Execute("""
        UPDATE articles SET libelle = 'Café (prix siège)', prix = 9.99 WHERE agence = 'AG01' AND id = 1;
        UPDATE taux SET taux = 5.50 WHERE code = 'N';
        """);

    private static byte[] WithRows(byte[] manifestJson, string table, long rows)
    {
        var manifest = JsonNode.Parse(manifestJson)!;
        manifest["tables"]!.AsArray().Single(t => (string?)t!["name"] == table)!["rows"] = rows;
        return System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    private static async Task<CliResult> ImportVerboseAsync(SyncFixture sync) =>
        await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", sync.ServerConfigPath, "--verbose"], o, e));

    private static string Sha256Of(string bundle, string table) =>
        TestManifests.Table(TestManifests.Read(bundle), table).GetProperty("sha256").GetString()!;

    /// <summary>The ledger's row counts of one bundle, per table: (rows, inserted, updated, unchanged).</summary>
    private static Dictionary<string, (long Rows, long Inserted, long Updated, long Unchanged)> RowCounts(SyncFixture sync, long sequence)
    {
        var json = sync.Target.QueryCanonical($"SELECT row_counts FROM syncfiles_ledger WHERE sequence = {sequence}")[0][0]!;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(
            t => t.Name,
            t => (t.Value.GetProperty("rows").GetInt64(), t.Value.GetProperty("inserted").GetInt64(), t.Value.GetProperty("updated").GetInt64(), t.Value.GetProperty("unchanged").GetInt64()));
    }
}
