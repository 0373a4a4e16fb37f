using System.CommandLine;
using SyncFiles.Common;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Status;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import status</c>: every site's last applied bundle, its lag, what waits in the
/// inbox and what is in quarantine/, as text, JSON or an HTML page. Read-only: it creates nothing
/// in the database, takes no site lock and moves no file.
/// </summary>
public static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config", "-c") { Description = "The server configuration file (JSON).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (field names in docs/operations.md) instead of a table." };
        var html = new Option<string?>("--html") { Description = "Also write the status as a self-contained HTML page to this file (replaced atomically).", HelpName = "FILE" };
        var lateAfter = new Option<string?>("--late-after") { Description = "A site is late when its last bundle is older than this (default: server.json status.lateAfter, else 26h).", HelpName = "DURATION" };
        var criticalAfter = new Option<string?>("--critical-after") { Description = "A site's lag is critical past this (default: server.json status.criticalAfter, else 50h).", HelpName = "DURATION" };
        var failUnlessOk = new Option<bool>("--fail-unless-ok") { Description = "Exit with 5 when any site is not ok (late, held, quarantined, never applied), for monitoring." };

        var command = new Command("status", "Show each site's last applied bundle, its age, and the bundles held in the inbox or quarantined; changes nothing.")
        {
            config, json, html, lateAfter, criticalAfter, failUnlessOk,
        };
        command.SetAction((parse, ct) => RunAsync(
            new StatusRequest(parse.GetValue(config)!, parse.GetValue(json), parse.GetValue(html), parse.GetValue(lateAfter), parse.GetValue(criticalAfter), parse.GetValue(failUnlessOk)),
            output,
            error,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(StatusRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ServerSettings settings;
        StatusThresholds thresholds;
        try
        {
            settings = ServerSettings.Load(request.ConfigPath);
            ServerFolders.RequireInbox(settings);
            thresholds = StatusThresholds.FromConfig(settings.Config.Status, settings.ConfigPath)
                .With(request.LateAfter, request.CriticalAfter, "--late-after", "--critical-after");
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.UsageOrConfiguration;
        }

        ImportStatus status;
        try
        {
            var provider = TargetProviders.Get(settings.Config.Target.Provider);
            status = await new ImportStatusReader(settings, provider, thresholds, TimeProvider.System).ReadAsync(cancellationToken);
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync($"Configuration error: {ex.Message}");
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is SyncFilesException or System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read the status: {ex.Message}");
            return ExitCodes.Failed;
        }

        if (request.HtmlPath is not null)
        {
            try
            {
                StatusHtml.Write(status, request.HtmlPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"Cannot write the HTML status page {request.HtmlPath}: {ex.Message}");
                return ExitCodes.Failed;
            }
        }

        await output.WriteAsync(request.Json ? status.ToJson() : StatusText.Render(status));
        return request.FailUnlessOk && !status.AllOk ? ExitCodes.NeedsAttention : ExitCodes.Success;
    }

    private sealed record StatusRequest(string ConfigPath, bool Json, string? HtmlPath, string? LateAfter, string? CriticalAfter, bool FailUnlessOk);
}
