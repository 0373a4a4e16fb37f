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
        if (!string.IsNullOrWhiteSpace(logFile))
        {
            // The sink would create a missing folder with the umask's mode: create it owner-only first.
            PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            configuration = configuration.WriteTo.File(
                new LocalizedFileFormatter(FileLineTemplate),
                logFile,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                hooks: new PrivateLogFileHooks());
        }

        return configuration.CreateLogger();
    }
}
