namespace SyncFiles.Common.Progress;

/// <summary>
/// Standard error as one run uses it: either plain (log lines only) or with the live display, whose
/// <see cref="LogWriter"/> must then carry the log lines. Made once per run, disposed at its end
/// (which takes the display off the screen before the run's result is printed).
/// </summary>
public sealed class ProgressConsole : IDisposable
{
    private readonly LiveProgressDisplay? _display;

    private ProgressConsole(TextWriter logWriter, IProgressReporter reporter, LiveProgressDisplay? display)
    {
        LogWriter = logWriter;
        Reporter = reporter;
        _display = display;
    }

    /// <summary>Where log lines go.</summary>
    public TextWriter LogWriter { get; }

    /// <summary>What the run reports its tables to.</summary>
    public IProgressReporter Reporter { get; }

    /// <summary>True when the live display is on.</summary>
    public bool IsLive => _display is not null;

    /// <summary>
    /// The live display on <paramref name="error"/> when <paramref name="wanted"/> (see
    /// <see cref="LiveProgressPolicy"/>) and the terminal takes VT100 sequences; plain otherwise.
    /// </summary>
    public static ProgressConsole Create(TextWriter error, bool wanted)
    {
        if (!wanted || !VirtualTerminal.TryEnableOnStandardError())
        {
            return Plain(error);
        }

        var display = new LiveProgressDisplay(error, TerminalWidth, TimeProvider.System, LiveProgressDisplay.DefaultInterval);
        return new ProgressConsole(display.LogWriter, display, display);
    }

    /// <summary>Log lines only.</summary>
    public static ProgressConsole Plain(TextWriter error) => new(error, NoProgress.Instance, null);

    public void Dispose() => _display?.Dispose();

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
