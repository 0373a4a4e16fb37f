using Serilog;
using Serilog.Core;
using Serilog.Events;
using SyncFiles.Common.IO;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Logging;

/// <summary>
/// The one Serilog set-up both programs share: human-readable lines on standard error (standard
/// output is kept for results such as the bundle path, so scripts can capture it) and, when
/// configured, a daily rolling file. The console speaks the user's language (<see cref="UiLanguage.Current"/>,
/// numbers and dates formatted for it); the file stays English and invariant, with the user's text
/// beside it (<see cref="LocalizedFileFormatter"/>).
/// </summary>
public static class CliLogging
{
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";
    private const string FileLineTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {Message:lj}{NewLine}";

    public static Logger Create(TextWriter console, LogEventLevel level, string? logFile)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Sink(new TextWriterSink(console, new LocalizedConsoleFormatter(ConsoleTemplate, UiLanguage.Current)));
        var unwritable = string.IsNullOrWhiteSpace(logFile) ? null : CheckFolder(logFile);
        if (!string.IsNullOrWhiteSpace(logFile) && unwritable is null)
        {
            configuration = configuration.WriteTo.File(
                new LocalizedFileFormatter(FileLineTemplate),
                logFile,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                hooks: new PrivateLogFileHooks());
        }

        var logger = configuration.CreateLogger();
        if (unwritable is not null)
        {
            // The run goes on: a shop's bundle matters more than its log file, and this line reaches
            // the console (or the scheduler's redirected output) where a person sees it.
            logger.Error(CommonText.Get(nameof(CommonMessages.LogToConsoleOnly), unwritable.Text));
        }

        return logger;
    }

    /// <summary>
    /// Creates the log file's folder and proves a file can be made in it: the file sink itself
    /// would drop every line silently when it cannot open the file.
    /// </summary>
    private static FolderNotWritableException? CheckFolder(string logFile)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(logFile))!;
        try
        {
            // The sink would create a missing folder with the umask's mode: create it owner-only first.
            PrivateFiles.CreateDirectory(folder);
            using var probe = new FileStream(
                Path.Combine(folder, $".syncfiles-probe-{Guid.NewGuid():N}.tmp"),
                PrivateFiles.Create(FileMode.CreateNew, FileAccess.Write, 1, FileOptions.DeleteOnClose));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FolderNotWritableException.LogFolder(folder, ex);
        }
    }
}
