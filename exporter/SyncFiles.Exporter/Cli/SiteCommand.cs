using Serilog;
using Serilog.Events;
using SyncFiles.Common;
using SyncFiles.Common.Logging;
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
    public static async Task<int> RunAsync(TextWriter error, string configPath, LocalizedText unchanged, Func<SiteSettings, ILogger, Task<int>> action)
    {
        SiteSettings settings;
        try
        {
            settings = SiteSettings.Load(configPath);
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Report.Display);
            return ExitCodes.UsageOrConfiguration;
        }

        using var log = CliLogging.Create(error, LogEventLevel.Information, settings.LogFilePath);
        try
        {
            return await action(settings, log);
        }
        catch (ConfigurationException ex)
        {
            log.Error(ExporterText.Get(nameof(ExporterMessages.FailureThenOutcome), ex.Text, unchanged));
            return ExitCodes.UsageOrConfiguration;
        }
        catch (SyncFilesException ex)
        {
            log.Error(ExporterText.Get(nameof(ExporterMessages.FailureThenOutcome), ex.Text, unchanged));
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            log.Warning(ExporterText.Get(nameof(ExporterMessages.CommandCancelled), unchanged));
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // What the next run can cure (a full disk, a locked file, a database that cannot be reached): exit 1, no stack.
            log.Error(ExporterText.Get(nameof(ExporterMessages.FailureThenOutcome), ex.Message, unchanged));
            return ExitCodes.Failed;
        }
#pragma warning disable CA1031 // The top of the command: report any bug as a failure with its stack, never crash silently.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.Fatal(ex, ExporterText.Get(nameof(ExporterMessages.CommandUnexpected), unchanged));
            return ExitCodes.Failed;
        }
    }
}
