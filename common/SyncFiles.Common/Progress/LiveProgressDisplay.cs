namespace SyncFiles.Common.Progress;

/// <summary>
/// The live display on an interactive terminal: the current bundle's tables with their rows, MB
/// and MB/s, redrawn in place by a timer (10 times a second) that samples the counters the run
/// handed over. Log lines go through <see cref="LogWriter"/>, which takes the block off the screen
/// before a line is written and puts it back under the line, so lines and block never mix. The
/// block of a bundle goes away when the bundle's scope ends; what stays on the screen is the log.
/// </summary>
public sealed class LiveProgressDisplay : IProgressReporter, IDisposable
{
    /// <summary>How often the block is redrawn while nothing is logged.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _terminal;
    private readonly Func<int> _width;
    private readonly TimeProvider _clock;
    private readonly ProgressRenderer _renderer = new();
    private readonly Lock _gate = new();
    private readonly List<TableLine> _tables = [];
    private readonly ITimer _timer;
    private string? _title;
    private bool _atLineStart = true;
    private bool _stopped;

    /// <param name="terminal">Standard error, on a terminal that understands VT100 sequences.</param>
    /// <param name="width">The terminal's width in columns now (it may change while running).</param>
    /// <param name="clock">Times the tables; its timer drives the redraws.</param>
    /// <param name="interval">Time between redraws; <see cref="Timeout.InfiniteTimeSpan"/> redraws only around log lines and on <see cref="Refresh"/>.</param>
    public LiveProgressDisplay(TextWriter terminal, Func<int> width, TimeProvider clock, TimeSpan interval)
    {
        _terminal = terminal;
        _width = width;
        _clock = clock;
        LogWriter = new LogLineWriter(this);
        _timer = clock.CreateTimer(_ => Refresh(), null, interval, interval);
    }

    /// <summary>The writer to give the logger: it writes to the terminal around the block.</summary>
    public TextWriter LogWriter { get; }

    public IDisposable BeginBundle(string title)
    {
        lock (_gate)
        {
            _title = title;
            _tables.Clear();
        }

        return new BundleScope(this);
    }

    public ITableProgress BeginTable(string table, Func<long> rows, Func<long> bytes)
    {
        var line = new TableLine(this, table, rows, bytes, _clock.GetTimestamp());
        lock (_gate)
        {
            _tables.Add(line);
        }

        return line;
    }

    /// <summary>Redraws the block now (the timer calls it; so may a test).</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            // Never in the middle of a log line: the block would cut it in two.
            if (_stopped || !_atLineStart)
            {
                return;
            }

            try
            {
                _renderer.Draw(_terminal, Snapshot(), _width());
                _terminal.Flush();
            }
            catch (IOException)
            {
                // The terminal went away (closed window, broken pipe): the log carries on without the display.
                _stopped = true;
            }
        }
    }

    /// <summary>Stops the timer and takes the block off the screen.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (!_stopped)
            {
                _stopped = true;
                _renderer.Clear(_terminal);
                _terminal.Flush();
            }
        }
    }

    private ProgressSnapshot? Snapshot()
    {
        if (_title is null)
        {
            return null;
        }

        var now = _clock.GetTimestamp();
        return new ProgressSnapshot(_title, _tables.Select(t => t.Sample(now)).ToList());
    }

    private void EndBundle()
    {
        lock (_gate)
        {
            _title = null;
            _tables.Clear();
            if (!_stopped && _atLineStart)
            {
                _renderer.Clear(_terminal);
                _terminal.Flush();
            }
        }
    }

    private void Drop(TableLine line)
    {
        lock (_gate)
        {
            _tables.Remove(line);
        }
    }

    private void WriteLog(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            if (!_stopped)
            {
                _renderer.Clear(_terminal);
            }

            _terminal.Write(text);
            _atLineStart = text[^1] == '\n';
        }
    }

    private void FlushLog()
    {
        lock (_gate)
        {
            _terminal.Flush();
        }

        // The line is complete: put the block back under it at once rather than at the next tick.
        Refresh();
    }

    private sealed class BundleScope(LiveProgressDisplay display) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                display.EndBundle();
            }
        }
    }

    private sealed class TableLine(LiveProgressDisplay display, string table, Func<long> rows, Func<long> bytes, long started) : ITableProgress
    {
        private TableProgressSnapshot? _final;
        private bool _completed;

        public TableProgressSnapshot Sample(long now) =>
            _final ?? new TableProgressSnapshot(table, rows(), bytes(), display._clock.GetElapsedTime(started, now), Done: false);

        public void Complete()
        {
            lock (display._gate)
            {
                _final = new TableProgressSnapshot(table, rows(), bytes(), display._clock.GetElapsedTime(started), Done: true);
                _completed = true;
            }
        }

        public void Dispose()
        {
            if (!_completed)
            {
                display.Drop(this);
            }
        }
    }

    private sealed class LogLineWriter(LiveProgressDisplay display) : TextWriter
    {
        public override System.Text.Encoding Encoding => display._terminal.Encoding;

        public override void Write(char value) => display.WriteLog([value]);

        public override void Write(string? value) => display.WriteLog(value);

        public override void Write(char[] buffer, int index, int count) => display.WriteLog(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => display.WriteLog(buffer);

        public override void WriteLine() => display.WriteLog(CoreNewLine);

        public override void WriteLine(string? value)
        {
            display.WriteLog(value);
            display.WriteLog(CoreNewLine);
        }

        public override void Flush() => display.FlushLog();
    }
}
