using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace SyncFiles.Common.Logging;

/// <summary>
/// The console's lines: an event logged as a localized text shows its text in the user's language;
/// any other event is rendered from its template, numbers and dates formatted for that language.
/// </summary>
internal sealed class LocalizedConsoleFormatter : ITextFormatter
{
    private static readonly MessageTemplate DisplayTemplate = new MessageTemplateParser().Parse("{" + LocalizedLog.DisplayTextProperty + ":l}");
    private readonly MessageTemplateTextFormatter _inner;

    public LocalizedConsoleFormatter(string outputTemplate, CultureInfo language)
    {
        _inner = new MessageTemplateTextFormatter(outputTemplate, language);
    }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (LocalizedLog.DisplayText(logEvent) is null)
        {
            _inner.Format(logEvent, output);
            return;
        }

        var shown = new LogEvent(logEvent.Timestamp, logEvent.Level, logEvent.Exception, DisplayTemplate, logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)));
        _inner.Format(shown, output);
    }
}
