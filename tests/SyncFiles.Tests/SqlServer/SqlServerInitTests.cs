using SyncFiles.Common.Bundle;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// <c>syncfiles-export init</c> on the SQL Server sample shop (samples/sqlserver/shop.sql): change
/// tracking and rowversion are found and suggested. Runs only with SYNCFILES_TEST_SQLSERVER.
/// </summary>
public sealed class SqlServerInitTests
{
    [Fact]
    public async Task Change_tracking_and_rowversion_are_suggested_and_the_export_runs()
    {
        using var shop = new SqlServerTestDatabase();
        shop.Execute(SampleShops.Script("sqlserver", "shop.sql"));
        using var directory = new TempDirectory();
        var config = directory.Combine("site.json");

        var init = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(
            ["init", "--provider", "sqlserver", "--connection", shop.ConnectionString, "--site", "AG01", "--out", config], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        var tables = SiteSettings.Load(config).Config.Tables.ToDictionary(t => t.Name);
        Assert.Equal(12, tables.Count);
        Assert.Equal((TableKind.Transaction, "rv", ChangeStrategy.Rowversion), (tables["factures"].Kind, tables["factures"].ChangeColumn, tables["factures"].Strategy));
        Assert.Equal((TableKind.Transaction, null, ChangeStrategy.ChangeTracking), (tables["lignes_facture"].Kind, tables["lignes_facture"].ChangeColumn, tables["lignes_facture"].Strategy));
        Assert.Equal((TableKind.Transaction, "modifie_le", ChangeStrategy.Timestamp), (tables["mouvements_stock"].Kind, tables["mouvements_stock"].ChangeColumn, tables["mouvements_stock"].Strategy));
        Assert.Equal(TableKind.Reference, tables["articles"].Kind);

        var export = await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", config], o, e));
        Assert.True(export.ExitCode == 0, export.ToString());
    }
}
