using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Common;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// A refused value is customer data: the reason names bundle, table, line, column and the rule,
/// and the value itself appears only, shortened, in the owner-only <c>.error.txt</c>; never in the
/// log, the console, or the status (text, JSON or the HTML page that may be published).
/// </summary>
public sealed class RefusedValueTests
{
    private const string CustomerName = "Jeanne Customer-Verylongsurname-de-la-Fontaine-Saint-Exupery, 12 rue des Lilas, Lyon 1";

    [Fact]
    public async Task A_too_long_customer_name_is_named_by_line_and_column_in_reports_and_quoted_shortened_only_in_the_error_file()
    {
        var target = new PostgresTestDatabase(); // Owned by the fixture from the next line on.
        using var sync = new SyncFixture(new SqliteTestDatabase(), target, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables);
        // The shop keeps numero unbounded (the exporter refuses what breaks a declared VARCHAR(20)); head office holds 20.
        sync.Source.Execute(ShopSchemas.ShopSource.Replace("numero VARCHAR(20)", "numero TEXT", StringComparison.Ordinal));
        target.Execute(HeadOffice.CentralSchema);
        ServerConfigEdit.Apply(sync, c => c["logFile"] = "logs/import.log");
        Assert.Equal(86, CustomerName.Length);
        sync.ExecuteSource($"INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000'), (2, '{CustomerName}', '20.00', NULL, '2026-11-01 10:00:00.000');");
        sync.Deliver(await sync.ExportOkAsync());

        var import = await sync.ImportAsync();
        var html = Path.Combine(sync.Root, "central", "status.html");
        var text = await StatusTests.StatusAsync(sync);
        var json = await StatusTests.StatusAsync(sync, "--json");
        var page = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", sync.ServerConfigPath, "--html", html], o, e));

        Assert.True(import.ExitCode == 3, import.ToString());
        Assert.Equal(0, sync.CentralCount("factures"));
        var reason = "AG01-00000001.zip:tables/factures.csv, table factures, line 3, column numero: the value is 86 characters; the target column numero (character varying(20)) holds at most 20; it would be truncated.";
        Assert.Contains(reason, import.Error + import.Output, StringComparison.Ordinal);
        Assert.Equal(0, page.ExitCode);
        var log = string.Concat(Directory.GetFiles(Path.Combine(sync.Root, "central", "logs")).Select(File.ReadAllText));
        Assert.Contains("column numero: the value is 86 characters", log, StringComparison.Ordinal);
        Assert.Contains("column numero: the value is 86 characters", json.Output, StringComparison.Ordinal);
        Assert.Contains("column numero: the value is 86 characters", File.ReadAllText(html), StringComparison.Ordinal);
        foreach (var (where, content) in new[] { ("console", import.Output + import.Error), ("log", log), ("status", text.Output), ("JSON status", json.Output), ("HTML status", File.ReadAllText(html)) })
        {
            Assert.False(content.Contains("Verylongsurname", StringComparison.Ordinal), $"the {where} quotes the refused value:\n{content}");
        }

        var error = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("'" + CustomerName[..40] + "...'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(CustomerName[..41], error, StringComparison.Ordinal);
    }
}
