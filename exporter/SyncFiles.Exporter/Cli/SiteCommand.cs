using Serilog;
using Serilog.Events;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// Runs a site command other than <c>run</c> (resend, reset): loads the configuration, sets up the
/// log, and maps errors to exit codes with the command's own words, since "nothing was published"
/// is the export's promise, not theirs.
/// </summary>
internal static class SiteCommand
{
    public static Task<int> RunAsync(TextWriter error, string configPath, LocalizedText unchanged, Func<SiteSettings, ILogger, Task<int>> action) =>
        ConfiguredCommand.RunAsync(
            error,
            () => SiteSettings.Load(configPath),
            settings => settings.LogFilePath,
            LogEventLevel.Information,
            new CommandFailures
            {
                Failure = text => ExporterText.Get(nameof(ExporterMessages.FailureThenOutcome), text, unchanged),
                Refused = refused => ExporterText.Get(nameof(ExporterMessages.FailureThenOutcome), refused.Text, unchanged),
                Cancelled = ExporterText.Get(nameof(ExporterMessages.CommandCancelled), unchanged),
                Unexpected = ExporterText.Get(nameof(ExporterMessages.CommandUnexpected), unchanged),
            },
            (settings, log, _) => action(settings, log));
}
