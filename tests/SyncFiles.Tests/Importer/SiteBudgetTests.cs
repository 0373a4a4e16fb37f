using System.Text.Json.Nodes;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Tests.Common;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// One site cannot take a whole run: past its budget (limits.maxBytesPerSitePerRun,
/// limits.maxTimePerSitePerRun) its other bundles are deferred to the next run, with the reason,
/// while the other sites are applied.
/// </summary>
public sealed class SiteBudgetTests
{
    [Fact]
    public async Task A_site_over_its_budget_is_deferred_with_a_reason_while_the_other_site_is_applied()
    {
        using var sync = ShopSchemas.NewShop();
        using var other = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, "AG02");
        ServerConfigEdit.Apply(sync, c =>
        {
            c["sites"] = new JsonArray(new JsonObject { ["id"] = "AG01" }, new JsonObject { ["id"] = "AG02" });
            c["limits"] = new JsonObject { ["maxBytesPerSitePerRun"] = 1 };
        });
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');");
        var first = Path.GetFileName(sync.Deliver(await sync.ExportOkAsync()));
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');");
        var second = Path.GetFileName(sync.Deliver(await sync.ExportOkAsync()));
        other.ExecuteSource("INSERT INTO factures VALUES (1, 'G1', '5.00', NULL, '2026-11-01 10:00:00.000');");
        var others = Path.GetFileName(sync.Deliver(await other.ExportOkAsync()));

        var run = await sync.ImportAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"applied     {first}", run.Output, StringComparison.Ordinal);
        Assert.Contains($"applied     {others}", run.Output, StringComparison.Ordinal);
        Assert.Contains(
            $"deferred    {second}: site AG01 has had ",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains("its budget is 1 bytes (limits.maxBytesPerSitePerRun); it stays in the inbox for the next run while the other sites go first.", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Deferred {second}: site AG01", run.Error, StringComparison.Ordinal);
        Assert.Equal([second], SyncFixture.Files(sync.Inbox));
        Assert.Equal(1, sync.CentralCount("factures WHERE agence = 'AG01'"));
        Assert.Equal(1, sync.CentralCount("factures WHERE agence = 'AG02'"));
        var status = await StatusTests.StatusAsync(sync, "--json");
        Assert.Contains(second, status.Output, StringComparison.Ordinal); // pending: the next run applies it

        // The next run is a new budget: the deferred bundle goes first.
        var next = await sync.ImportAsync();

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains($"applied     {second}", next.Output, StringComparison.Ordinal);
        Assert.Equal(2, sync.CentralCount("factures WHERE agence = 'AG01'"));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
    }

    [Fact]
    public void A_site_past_its_time_or_bytes_goes_on_next_run_and_no_budget_means_no_limit()
    {
        var budget = new SiteBudget(1000, TimeSpan.FromMinutes(15));

        Assert.Null(budget.Exceeded("AG01", 400, 600, TimeSpan.FromMinutes(14)));
        Assert.Equal(
            "site AG01 has had 900 s of this run, its budget is 900 s (limits.maxTimePerSitePerRun)",
            budget.Exceeded("AG01", 1, 1, TimeSpan.FromMinutes(15)));
        Assert.Equal(
            "site AG01 has had 400 bytes of this run and this bundle declares 601 more, its budget is 1000 bytes (limits.maxBytesPerSitePerRun)",
            budget.Exceeded("AG01", 400, 601, TimeSpan.Zero));
        Assert.Null(SiteBudget.Unlimited.Exceeded("AG01", long.MaxValue / 2, long.MaxValue / 2, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void The_default_budget_is_2_GiB_and_15_minutes_and_0_turns_it_off()
    {
        using var sync = ShopSchemas.NewShop();
        Assert.Equal(SiteBudget.Default, ServerSettings.Load(sync.ServerConfigPath).SiteBudget);
        Assert.Equal(new SiteBudget(2L * 1024 * 1024 * 1024, TimeSpan.FromMinutes(15)), SiteBudget.Default);

        ServerConfigEdit.Apply(sync, c => c["limits"] = JsonNode.Parse("""{"maxBytesPerSitePerRun": 0, "maxTimePerSitePerRun": "0s"}"""));

        Assert.Equal(SiteBudget.Unlimited, ServerSettings.Load(sync.ServerConfigPath).SiteBudget);
    }

    [Theory]
    [InlineData("""{"maxBytesPerSitePerRun": -1}""", "maxBytesPerSitePerRun must be 0 (no budget) or more")]
    [InlineData("""{"maxTimePerSitePerRun": "soon"}""", "maxTimePerSitePerRun: 'soon' is not a duration")]
    public async Task A_budget_that_makes_no_sense_is_a_configuration_error(string limits, string expected)
    {
        using var sync = ShopSchemas.NewShop();
        ServerConfigEdit.Apply(sync, c => c["limits"] = JsonNode.Parse(limits));

        var run = await sync.ImportAsync();

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }
}
