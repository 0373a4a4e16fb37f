using Serilog;
using Serilog.Events;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Logging;

/// <summary>
/// Logs a <see cref="LocalizedText"/>: the event's message is the English text (log files stay
/// English, support searches them) and it carries the text in the user's language, which the
/// console shows instead and the log file adds beside the English line when they differ.
/// </summary>
public static class LocalizedLog
{
    /// <summary>The event property holding the text in the user's language.</summary>
    public const string DisplayTextProperty = "DisplayText";

    public static void Information(this ILogger log, LocalizedText text) => log.Write(LogEventLevel.Information, text);

    public static void Warning(this ILogger log, LocalizedText text) => log.Write(LogEventLevel.Warning, text);

    public static void Warning(this ILogger log, Exception exception, LocalizedText text) => log.Write(LogEventLevel.Warning, text, exception);

    public static void Error(this ILogger log, LocalizedText text) => log.Write(LogEventLevel.Error, text);

    public static void Error(this ILogger log, Exception exception, LocalizedText text) => log.Write(LogEventLevel.Error, text, exception);

    public static void Fatal(this ILogger log, Exception exception, LocalizedText text) => log.Write(LogEventLevel.Fatal, text, exception);

    public static void Write(this ILogger log, LogEventLevel level, LocalizedText text, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(text);
        if (!log.IsEnabled(level))
        {
            return;
        }

        log.ForContext(DisplayTextProperty, text.Display).Write(level, exception, "{Text:l}", text.English);
    }

    /// <summary>The text in the user's language an event carries, if it was logged as a <see cref="LocalizedText"/>.</summary>
    internal static string? DisplayText(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue(DisplayTextProperty, out var value) && value is ScalarValue { Value: string text } ? text : null;
}
