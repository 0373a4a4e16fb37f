using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// A key in server.json that names a column the bundle does not carry is refused by name before
/// any row is read, on every database: rows and deleted rows are matched on the key's values,
/// which only the bundle has (issue 20: it used to fail every run with "Sequence contains no
/// matching element" when the bundle had zero rows and tombstones).
/// </summary>
public abstract partial class ProviderScenarios
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_configured_key_naming_a_column_the_bundle_lacks_quarantines_it_at_once_naming_the_column(bool zeroRowsAndTombstones)
    {
        object[] serverTables = [new { name = "familles", siteColumn = "agence" }, new { name = "factures", siteColumn = "agence", key = new[] { "code" } }, new { name = "mouvements", siteColumn = "agence" }];
        using var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.SiteTables, serverTables);
        sync.Source.Execute(ScenarioSchema.Source);
        sync.Target.Execute(ScenarioSchema.Central);
        sync.Target.Execute("ALTER TABLE factures ADD COLUMN code {varchar:20}");
        sync.Target.Execute("CREATE UNIQUE INDEX ux_factures_code ON factures (agence, code)");
        if (!zeroRowsAndTombstones)
        {
            sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        }

        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);
        var delivered = Path.Combine(sync.Inbox, Path.GetFileName(bundle));
        if (zeroRowsAndTombstones)
        {
            BundleSurgery.AddTombstones(bundle, delivered, "factures", "id\n1\n");
        }
        else
        {
            File.Copy(bundle, delivered);
        }

        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.DoesNotContain("Sequence contains no matching element", import.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, sync.Target.Count("syncfiles_ledger"));
        Assert.Equal(0, sync.Target.Count("factures"));
        var reason = File.ReadAllText(Path.Combine(sync.Quarantine, Path.GetFileName(bundle) + ".error.txt"));
        Assert.Contains("Table factures, column code: the key in server.json names a column the bundle does not carry (its columns: id, numero, total_ttc, remarque, modifie_le)", reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sync.Quarantine, ".strikes.json")));
    }
}
