using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace SyncFiles.Common.Logging;

/// <summary>
/// The log file's lines: always the English message (support searches one language), numbers and
/// dates invariant; when the console showed the message in another language, that text follows on
/// its own indented line, so the person who read the console finds their line in the file too.
/// </summary>
internal sealed class LocalizedFileFormatter : ITextFormatter
{
    private const string Indent = "    ";
    private readonly MessageTemplateTextFormatter _line;

    /// <param name="lineTemplate">The template of the first line, without the exception.</param>
    public LocalizedFileFormatter(string lineTemplate)
    {
        _line = new MessageTemplateTextFormatter(lineTemplate, CultureInfo.InvariantCulture);
    }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        _line.Format(logEvent, output);
        if (LocalizedLog.DisplayText(logEvent) is { } display && display != logEvent.RenderMessage(CultureInfo.InvariantCulture))
        {
            foreach (var line in display.Split('\n'))
            {
                output.Write(Indent);
                output.Write(line.TrimEnd('\r'));
                output.Write(Environment.NewLine);
            }
        }

        if (logEvent.Exception is not null)
        {
            output.Write(logEvent.Exception.ToString());
            output.Write(Environment.NewLine);
        }
    }
}
