using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace SyncFiles.Common.Logging;

/// <summary>
/// Writes log lines to a <see cref="TextWriter"/>: standard error in production, a captured writer
/// in the CLI tests (which is why the console sink, bound to <see cref="Console"/>, is not used).
/// </summary>
internal sealed class TextWriterSink : ILogEventSink
{
    private readonly TextWriter _writer;
    private readonly ITextFormatter _formatter;
    private readonly Lock _lock = new();

    public TextWriterSink(TextWriter writer, ITextFormatter formatter)
    {
        _writer = writer;
        _formatter = formatter;
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _formatter.Format(logEvent, _writer);
            _writer.Flush();
        }
    }
}
