using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// A bundle is lost for good: the site sends a full one. Head office applies it over the gap,
/// the site's chain continues from it, and the older bundles of that site that were waiting, or
/// that turn up later, are filed as superseded (their rows are in the full bundle).
/// </summary>
public sealed class FullBundleOverGapTests
{
    [Fact]
    public async Task A_full_bundle_is_applied_over_a_gap_and_supersedes_the_older_bundles_of_its_site()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, 5) + ShopData.Factures(1, 10, round: 0));
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1) + ShopData.TouchFactures(1, modulo: 2, residue: 0));
        var lost = await sync.ExportOkAsync(); // Bundle 2: lost on the way, for now.
        sync.ExecuteSource(ShopData.Factures(21, 30, round: 2) + ShopData.TouchFamilles(2, modulo: 2, residue: 1));
        sync.Deliver(await sync.ExportOkAsync()); // Bundle 3: waits for 2.
        Assert.Equal(4, (await sync.ImportAsync()).ExitCode);

        // The site gives up on 2 and sends everything.
        sync.ExecuteSource(ShopData.Factures(31, 40, round: 3) + ShopData.TouchFactures(3, modulo: 3, residue: 0));
        var full = await sync.ExportOkAsync("--full");
        Assert.EndsWith("AG01-00000004.zip", full, StringComparison.Ordinal);
        sync.Deliver(full);

        var healed = await sync.ImportAsync();

        Assert.True(healed.ExitCode == 0, healed.ToString());
        Assert.Contains("applied     AG01-00000004.zip: full", healed.Output, StringComparison.Ordinal);
        Assert.Equal([[1L], [4L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
        AssertCentralEqualsSource(sync, "after the full bundle");
        Assert.Empty(SyncFixture.Files(sync.Inbox));
        Assert.Contains("AG01-00000003.superseded.zip", SyncFixture.Files(sync.Processed));

        // Bundle 2 turns up after all: superseded too, not applied, not quarantined.
        sync.Deliver(lost);
        var late = await sync.ImportAsync();

        Assert.True(late.ExitCode == 0, late.ToString());
        Assert.Contains("AG01-00000002.superseded.zip", SyncFixture.Files(sync.Processed));
        Assert.Empty(SyncFixture.Files(sync.Quarantine));
        Assert.Equal([[1L], [4L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));

        // And the chain goes on from the full bundle.
        sync.ExecuteSource(ShopData.Factures(41, 50, round: 4) + ShopData.TouchFactures(4, modulo: 5, residue: 1));
        sync.Deliver(await sync.ExportOkAsync());
        var next = await sync.ImportAsync();

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal([[1L], [4L], [5L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
        AssertCentralEqualsSource(sync, "after the next incremental bundle");
    }

    private static void AssertCentralEqualsSource(SyncFixture sync, string context)
    {
        foreach (var table in ShopData.Tables)
        {
            TableContents.Read(sync.Target, ShopData.CentralQuery(table, sync.SiteId))
                .AssertSameAs(TableContents.Read(sync.Source, ShopData.SourceQuery(table)), $"{table} {context}");
        }
    }
}
