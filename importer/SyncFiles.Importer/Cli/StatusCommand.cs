using System.CommandLine;
using SyncFiles.Common;
using SyncFiles.Common.Cli;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Status;
using SyncFiles.Importer.Text;

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
        var config = new Option<string>(ConfigOptionNames.Long, ConfigOptionNames.Short) { Description = ImporterText.Get(nameof(ImporterMessages.HelpConfig)).Display, Required = true };
        var json = new Option<bool>("--json") { Description = ImporterText.Get(nameof(ImporterMessages.HelpStatusJson)).Display };
        var html = new Option<string?>("--html") { Description = ImporterText.Get(nameof(ImporterMessages.HelpStatusHtml)).Display, HelpName = "FILE" };
        var lateAfter = new Option<string?>("--late-after") { Description = ImporterText.Get(nameof(ImporterMessages.HelpStatusLateAfter)).Display, HelpName = "DURATION" };
        var criticalAfter = new Option<string?>("--critical-after") { Description = ImporterText.Get(nameof(ImporterMessages.HelpStatusCriticalAfter)).Display, HelpName = "DURATION" };
        var failUnlessOk = new Option<bool>("--fail-unless-ok") { Description = ImporterText.Get(nameof(ImporterMessages.HelpStatusFailUnlessOk)).Display };

        var command = new Command("status", ImporterText.Get(nameof(ImporterMessages.HelpStatus)).Display)
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
        if (await ConfiguredCommand.LoadAsync(error, () => LoadedConfiguration.Load(request)) is not { } loaded)
        {
            return ExitCodes.UsageOrConfiguration;
        }

        var (settings, thresholds) = loaded;

        ImportStatus status;
        try
        {
            var provider = TargetProviders.Get(settings.Config.Target.Provider);
            status = await new ImportStatusReader(settings, provider, thresholds, TimeProvider.System).ReadAsync(cancellationToken);
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Report.Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is SyncFilesException or System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.StatusCmdCannotRead), SyncFilesException.TextOf(ex)).Display);
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
                await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.StatusCmdCannotWriteHtml), request.HtmlPath, ex.Message).Display);
                return ExitCodes.Failed;
            }
        }

        await output.WriteAsync(request.Json ? status.ToJson() : StatusText.Render(status));
        return request.FailUnlessOk && !status.AllOk ? ExitCodes.NeedsAttention : ExitCodes.Success;
    }

    /// <summary>The configuration and the thresholds it and the command line set: all refused together, before anything is read.</summary>
    private sealed record LoadedConfiguration(ServerSettings Settings, StatusThresholds Thresholds)
    {
        public static LoadedConfiguration Load(StatusRequest request)
        {
            var settings = ServerSettings.Load(request.ConfigPath);
            ServerFolders.RequireInbox(settings);
            var thresholds = StatusThresholds.FromConfig(settings.Config.Status, settings.ConfigPath)
                .With(request.LateAfter, request.CriticalAfter, "--late-after", "--critical-after");
            return new LoadedConfiguration(settings, thresholds);
        }
    }

    private sealed record StatusRequest(string ConfigPath, bool Json, string? HtmlPath, string? LateAfter, string? CriticalAfter, bool FailUnlessOk);
}
