using System.Text;

namespace SyncFiles.Common.IO;

/// <summary>
/// The programs' standard output and error, in UTF-8 without a byte order mark. Windows writes
/// the console in the OEM or ANSI code page, so a path with <c>é</c> redirected into a scheduled
/// task's log read as UTF-8 became <c>�</c>; Linux follows the locale's charset. Redirected
/// streams get their own UTF-8 writer (no BOM: a script reading the bundle path must not get one);
/// an interactive Windows console is switched to UTF-8 for the run and given back as it was found,
/// so the user's window keeps its code page afterwards.
/// </summary>
public sealed class Utf8Console : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Encoding? _previousConsoleEncoding;
    private readonly StreamWriter? _redirectedOutput;
    private readonly StreamWriter? _redirectedError;

    private Utf8Console(Encoding? previousConsoleEncoding, StreamWriter? redirectedOutput, StreamWriter? redirectedError)
    {
        _previousConsoleEncoding = previousConsoleEncoding;
        _redirectedOutput = redirectedOutput;
        _redirectedError = redirectedError;
        Output = redirectedOutput is null ? Console.Out : TextWriter.Synchronized(redirectedOutput);
        Error = redirectedError is null ? Console.Error : TextWriter.Synchronized(redirectedError);
    }

    /// <summary>Where results go (the bundle path, one line per bundle).</summary>
    public TextWriter Output { get; }

    /// <summary>Where log lines and the live progress go.</summary>
    public TextWriter Error { get; }

    public static Utf8Console Open()
    {
        Encoding? previous = null;
        if (OperatingSystem.IsWindows() && (!Console.IsOutputRedirected || !Console.IsErrorRedirected))
        {
            previous = SwitchConsoleToUtf8();
        }

        return new Utf8Console(
            previous,
            Console.IsOutputRedirected ? Redirected(Console.OpenStandardOutput()) : null,
            Console.IsErrorRedirected ? Redirected(Console.OpenStandardError()) : null);
    }

    public void Dispose()
    {
        _redirectedOutput?.Dispose();
        _redirectedError?.Dispose();
        if (_previousConsoleEncoding is not null)
        {
            TrySetConsoleEncoding(_previousConsoleEncoding);
        }
    }

    private static StreamWriter Redirected(Stream stream) =>
        // Every write reaches the file at once, as Console's own writer does: a killed run keeps its last lines.
        new(stream, Utf8NoBom, bufferSize: 4096, leaveOpen: true) { AutoFlush = true };

    private static Encoding? SwitchConsoleToUtf8()
    {
        var previous = Console.OutputEncoding;
        return previous.CodePage == Utf8NoBom.CodePage || !TrySetConsoleEncoding(Utf8NoBom) ? null : previous;
    }

    private static bool TrySetConsoleEncoding(Encoding encoding)
    {
        try
        {
            Console.OutputEncoding = encoding;
            return true;
        }
        catch (IOException)
        {
            // No console to switch (a service, a detached process): the redirected writers suffice.
            return false;
        }
    }
}
