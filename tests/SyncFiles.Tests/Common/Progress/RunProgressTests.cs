using Serilog.Events;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Export;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common.Progress;

/// <summary>
/// Real exports and imports on SQLite with the live display on a captured terminal, and the real
/// programs as child processes with standard error redirected, as every scheduled run has it.
/// </summary>
public sealed class RunProgressTests
{
    private const char Escape = '\u001b';
    private const string EraseDown = "\u001b[J";

    [Fact]
    public async Task On_a_terminal_an_export_and_an_import_show_each_table_done_and_clear_the_block_before_the_result()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, 300) + ShopData.Factures(1, 2_000, round: 0));

        var exported = await WithDisplayAsync((log, display) => new ExportRun(SiteSettings.Load(sync.SiteConfigPath), SourceProviders.Get("sqlite"), log, TimeProvider.System)
        {
            Progress = display,
        }.ExecuteAsync(forceFull: false, TestContext.Current.CancellationToken));
        sync.Deliver(exported.Result.BundlePath);
        var imported = await WithDisplayAsync((log, display) => new ImportRun(ServerSettings.Load(sync.ServerConfigPath), TargetProviders.Get("sqlite"), log, TimeProvider.System)
        {
            Progress = display,
        }.ExecuteAsync(TestContext.Current.CancellationToken));

        Assert.Equal(BundleOutcomeKind.Applied, Assert.Single(imported.Result).Kind);
        foreach (var (terminal, title, last) in new[] { (exported.Terminal, "syncfiles-export: site AG01, bundle 1 (full)", "INF Published"), (imported.Terminal, "syncfiles-import: AG01-00000001.zip (site AG01, bundle 1, full)", "INF Applied") })
        {
            Assert.Contains($"\n{title}\n", terminal, StringComparison.Ordinal);
            Assert.Matches(@"\n  familles +300 rows +0\.0 MB +(-|[0-9.]+) MB/s  done\n", terminal);
            Assert.Matches(@"\n  factures +2,000 rows +0\.1 MB +(-|[0-9.]+) MB/s  done\n", terminal);

            // The block is gone for good before the run's last line, which is plain text.
            var lastLine = terminal.LastIndexOf(last, StringComparison.Ordinal);
            Assert.True(lastLine > terminal.LastIndexOf(EraseDown, StringComparison.Ordinal), terminal);
            Assert.DoesNotContain(Escape, terminal[lastLine..]);
        }
    }

    [Fact]
    public async Task With_standard_error_redirected_the_programs_print_log_lines_only_and_standard_output_carries_only_results()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, 300) + ShopData.Factures(1, 20_000, round: 0));

        using var export = ProgramProcess.Start("syncfiles-export", "run", "--config", sync.SiteConfigPath);
        var exported = await export.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(exported.ExitCode == 0, exported.ToString());
        var bundle = exported.Output.TrimEnd();
        Assert.True(File.Exists(bundle), exported.ToString());
        sync.Deliver(bundle);
        using var import = ProgramProcess.Start("syncfiles-import", "run", "--config", sync.ServerConfigPath, "--no-progress");
        var imported = await import.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.StartsWith("applied     AG01-00000001.zip: full, 2 tables, 20300 rows", imported.Output, StringComparison.Ordinal);
        Assert.Single(imported.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var result in new[] { exported, imported })
        {
            Assert.DoesNotContain(Escape, result.Error);
            Assert.DoesNotContain(Escape, result.Output);
            Assert.DoesNotContain('\r', result.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
            Assert.Matches(@"INF   familles: 300 rows .* in [0-9]+\.[0-9] s", result.Error);
            Assert.Matches(@"INF   factures: 20000 rows .* in [0-9]+\.[0-9] s", result.Error);
        }
    }

    private static async Task<(T Result, string Terminal)> WithDisplayAsync<T>(Func<Serilog.ILogger, LiveProgressDisplay, Task<T>> run)
    {
        var terminal = new StringWriter();
        T result;
        using (var display = new LiveProgressDisplay(terminal, () => 200, TimeProvider.System, Timeout.InfiniteTimeSpan))
        using (var log = CliLogging.Create(display.LogWriter, LogEventLevel.Information, logFile: null))
        {
            result = await run(log, display);
        }

        return (result, terminal.ToString());
    }
}
