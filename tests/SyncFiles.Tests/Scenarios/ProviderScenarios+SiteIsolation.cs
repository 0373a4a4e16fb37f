using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// One site's genuine bundles can never change, delete or shadow a row another site wrote
/// (issue 19): deletes only on tables with a site column, keys compared with the target's own
/// collation, and a bundle refused when its file name names another site or sequence.
/// </summary>
public abstract partial class ProviderScenarios
{
    private const string SharedRates = "SELECT code, taux FROM taux ORDER BY code";

    [Fact]
    public async Task Tombstones_for_a_table_shared_by_every_site_quarantine_the_bundle_and_change_no_row()
    {
        using var sync = NewReferenceShop();
        sync.Target.Execute("INSERT INTO taux VALUES ('R', 5.50)");
        sync.Source.Execute("INSERT INTO taux VALUES ('N', 20.00)");
        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);
        BundleSurgery.AddTombstones(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "taux", "code\nR\n");

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Equal([["R", "5.5"]], sync.Target.QueryCanonical(SharedRates));
        Assert.Equal(0, sync.Target.Count("syncfiles_ledger"));
        var reason = File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
        Assert.Contains("Table taux is shared by every site (no siteColumn in server.json), and the bundle carries deleted rows (tables/taux.deleted.csv)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mirrored_table_shared_by_every_site_quarantines_the_bundle_and_deletes_nothing()
    {
        object[] siteTables = [new { name = "taux", kind = "reference", deletes = "mirror" }];
        using var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), siteTables, [new { name = "taux" }]);
        sync.Source.Execute("CREATE TABLE taux (code {varchar:10} PRIMARY KEY, taux {decimal:5:2} NOT NULL)");
        sync.Target.Execute("CREATE TABLE taux (code {varchar:10} PRIMARY KEY, taux {decimal:5:2} NOT NULL)");
        sync.Target.Execute("INSERT INTO taux VALUES ('R', 5.50)");
        sync.Source.Execute("INSERT INTO taux VALUES ('N', 20.00)");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Equal([["R", "5.5"]], sync.Target.QueryCanonical(SharedRates));
        Assert.Contains("it is shared by every site (no siteColumn in server.json)", File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_differing_only_by_case_under_a_case_blind_collation_are_one_row_to_the_merge_and_the_mirror_delete()
    {
        object[] siteTables = [new { name = "codes", kind = "reference", deletes = "mirror" }];
        using var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), siteTables, [new { name = "codes", siteColumn = "agence" }]);
        sync.Source.Execute("CREATE TABLE codes (code {varchar:10} PRIMARY KEY, libelle {varchar:40} NOT NULL)");
        var caseBlind = CaseBlindCollation(sync.Target);
        sync.Target.Execute($"CREATE TABLE codes (agence {{varchar:10}} {caseBlind} NOT NULL, code {{varchar:10}} {caseBlind} NOT NULL, libelle {{varchar:40}} NOT NULL, PRIMARY KEY (agence, code))");
        sync.Target.Execute("INSERT INTO codes VALUES ('AG01', 'abc', 'avant'), ('AG01', 'gone', 'supprimé'), ('AG02', 'ABC', 'autre site'), ('AG02', 'gone', 'autre site')");
        sync.Source.Execute("INSERT INTO codes VALUES ('ABC', 'après')");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            [["AG01", "abc", "après"], ["AG02", "ABC", "autre site"], ["AG02", "gone", "autre site"]],
            sync.Target.QueryCanonical("SELECT agence, code, libelle FROM codes ORDER BY agence, code"));
        Assert.Contains("1 deleted", import.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AG02-00000001.zip")]
    [InlineData("AG01-00000007.zip")]
    [InlineData("bundle.zip")]
    [InlineData("AG01-000000012.zip")]
    public async Task A_bundle_whose_file_name_names_another_site_or_sequence_is_quarantined_and_changes_nothing(string name)
    {
        using var sync = NewShop();
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        sync.Deliver(await sync.ExportOkAsync(), name);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Equal(0, sync.Target.Count("factures"));
        Assert.Equal([name, name + ".error.txt"], SyncFixture.Files(sync.Quarantine));
        Assert.Contains($"{name} holds site AG01 sequence 1 (its manifest says so), but its file name says otherwise", File.ReadAllText(Path.Combine(sync.Quarantine, name + ".error.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AG01-00000001.copy1.zip")]
    [InlineData("AG01-00000001 (2).zip")]
    [InlineData("ag01-00000001-copy.zip")]
    public async Task A_courier_copy_named_after_the_bundle_is_applied(string name)
    {
        using var sync = NewShop();
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        sync.Deliver(await sync.ExportOkAsync(), name);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(1, sync.Target.Count("factures"));
    }

    [Fact]
    public async Task A_bundle_whose_site_is_spelt_in_another_case_is_applied_as_the_configured_site()
    {
        using var sync = NewShop("ag01");
        var config = File.ReadAllText(sync.ServerConfigPath);
        File.WriteAllText(sync.ServerConfigPath, config.Replace("\"id\":\"ag01\"", "\"id\":\"AG01\"", StringComparison.Ordinal));
        sync.Target.Execute("INSERT INTO factures VALUES ('AG02', 1, 'X1', 1.00, NULL, '2026-01-01 00:00:00')");
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var bundle = await sync.ExportOkAsync();
        Assert.Equal("ag01-00000001.zip", Path.GetFileName(bundle));
        sync.Deliver(bundle);

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([["AG01", "1", "F1"], ["AG02", "1", "X1"]], sync.Target.QueryCanonical("SELECT agence, id, numero FROM factures ORDER BY agence"));
        Assert.Equal([["AG01", "1"]], sync.Target.QueryCanonical("SELECT site_id, sequence FROM syncfiles_ledger"));
    }

    /// <summary>A COLLATE clause under which 'abc' equals 'ABC', in the target's own terms.</summary>
    private static string CaseBlindCollation(TestDatabase target)
    {
        switch (target.Provider)
        {
            case "sqlite":
                return "COLLATE NOCASE";
            case "postgres":
                target.Execute("CREATE COLLATION syncfiles_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
                return "COLLATE syncfiles_ci";
            case "mysql":
                return "COLLATE utf8mb4_unicode_ci";
            default:
                return "COLLATE Latin1_General_CI_AS";
        }
    }
}
