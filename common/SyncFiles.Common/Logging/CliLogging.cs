using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using SyncFiles.Common.IO;

namespace SyncFiles.Common.Logging;

/// <summary>
/// The one Serilog set-up both programs share: human-readable lines on standard error (standard
/// output is kept for results such as the bundle path, so scripts can capture it) and, when
/// configured, a daily rolling file.
/// </summary>
public static class CliLogging
{
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {Message:lj}{NewLine}{Exception}";

    public static Logger Create(TextWriter console, LogEventLevel level, string? logFile)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .WriteTo.Sink(new TextWriterSink(console, new MessageTemplateTextFormatter(ConsoleTemplate, System.Globalization.CultureInfo.InvariantCulture)));
        if (!string.IsNullOrWhiteSpace(logFile))
        {
            // The sink would create a missing folder with the umask's mode: create it owner-only first.
            PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            configuration = configuration.WriteTo.File(
                logFile,
                outputTemplate: FileTemplate,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                hooks: new PrivateLogFileHooks());
        }

        return configuration.CreateLogger();
    }
}
