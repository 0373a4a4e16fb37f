using System.Data.Common;
using Serilog;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Cli;

/// <summary>
/// How a command turns what escaped its work into an exit code and one log line, in the command's
/// own words: 2 for what a person must fix (the configuration, a value), 1 for what the next run
/// can cure (a database that cannot be reached, a full disk, a locked file) with its message and no
/// stack, and a stack trace only for a bug.
/// </summary>
public sealed class CommandFailures
{
    // The numbers both programs' ExitCodes give them.
    private const int Failed = 1;
    private const int UsageOrConfiguration = 2;

    /// <summary>The line for a failure the next run can cure, around its message ("Export failed: {0}").</summary>
    public required Func<LocalizedText, LocalizedText> Failure { get; init; }

    /// <summary>The line for a cancelled command (Ctrl+C, a service stop).</summary>
    public required LocalizedText Cancelled { get; init; }

    /// <summary>The line logged, with the stack, for a bug.</summary>
    public required LocalizedText Unexpected { get; init; }

    /// <summary>The line for a configuration refused while the work ran; by default every problem it lists.</summary>
    public Func<ConfigurationException, LocalizedText> Refused { get; init; } = refused => refused.Report;

    /// <summary>
    /// What this command treats apart, asked first: logs and returns the exit code for the
    /// exceptions it knows, null for the others.
    /// </summary>
    public Func<Exception, ILogger, int?>? Special { get; init; }

    /// <summary>Logs <paramref name="exception"/> in these words and returns the exit code it means.</summary>
    public int Report(Exception exception, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Special?.Invoke(exception, log) is int code)
        {
            return code;
        }

        switch (exception)
        {
            case ConfigurationException refused:
                log.Error(Refused(refused));
                return UsageOrConfiguration;
            case OperationCanceledException:
                log.Warning(Cancelled);
                return Failed;
            case SyncFilesException or IOException or UnauthorizedAccessException or DbException:
                log.Error(Failure(SyncFilesException.TextOf(exception)));
                return Failed;
            default:
                log.Fatal(exception, Unexpected);
                return Failed;
        }
    }
}
