using System.Diagnostics;
using System.Text;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// One of the real programs (<c>syncfiles-export</c>, <c>syncfiles-import</c>) running as a child
/// process from the test output folder, where the project references put both. Output is read as
/// it comes so a full pipe never blocks the child; <see cref="KillAsync"/> is SIGKILL, the way a
/// power cut or an OOM killer ends a run: no finally block, no flush, no cleanup.
/// </summary>
public sealed class ProgramProcess : IDisposable
{
    /// <summary>Exit code of a process ended by SIGKILL (128 + 9).</summary>
    public const int KilledExitCode = 137;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan? _ranFor;

    private ProgramProcess(Process process, string program)
    {
        _process = process;
        Program = program;
    }

    /// <summary>The program's name, e.g. syncfiles-import.</summary>
    public string Program { get; }

    /// <summary>The dotnet host that runs the test (set by the SDK), else the one on the PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, to send it a signal.</summary>
    public int Id => _process.Id;

    /// <summary>How long the process ran, from start to exit (as seen by the test; only once it has exited).</summary>
    public TimeSpan Duration
    {
        get
        {
            lock (_gate)
            {
                return _ranFor ?? throw new InvalidOperationException("The process is still running.");
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> (the assembly name, e.g. syncfiles-import) with its arguments.</summary>
    public static ProgramProcess Start(string program, params string[] arguments) =>
        Start(new ProcessStartInfo(DotnetHost), program, arguments);

    /// <summary>Starts the program with <paramref name="environment"/> added to (or replacing) this process's variables.</summary>
    public static ProgramProcess StartWithEnvironment(IReadOnlyDictionary<string, string> environment, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Start(start, program, arguments);
    }

    /// <summary>
    /// Starts the program with the largest file it may write limited to <paramref name="kibibytes"/>
    /// (RLIMIT_FSIZE through bash's <c>ulimit -f</c>, no root needed): a write past the limit fails
    /// with EFBIG, as it would fail with ENOSPC on a full disk. SIGXFSZ is ignored so the write
    /// returns an error instead of killing the process. Linux only.
    /// </summary>
    public static ProgramProcess StartWithFileSizeLimit(long kibibytes, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"trap '' XFSZ; ulimit -f {kibibytes}; exec \"$0\" \"$@\"");
        start.ArgumentList.Add(DotnetHost);

        // The runtime's double-mapped code heap lives in a shared-memory file, which the limit
        // would refuse at startup ("Failed to create CoreCLR"); map code the plain way instead.
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return Start(start, program, arguments);
    }

    /// <summary>
    /// Starts the program so that file modes bind it as they bind an ordinary service account: a
    /// file of mode 000 is unreadable to it. Root reads any file through CAP_DAC_OVERRIDE and
    /// CAP_DAC_READ_SEARCH, so as root (these tests' container) the program runs as root without
    /// those two capabilities (<c>setpriv --bounding-set</c>): still the owner of every file the
    /// test made, but held to their modes. Linux only.
    /// </summary>
    public static ProgramProcess StartBoundByFileModes(string program, params string[] arguments)
    {
        if (!RunsAsRoot())
        {
            return Start(program, arguments);
        }

        var start = new ProcessStartInfo("setpriv");
        start.ArgumentList.Add("--bounding-set");
        start.ArgumentList.Add("-dac_override,-dac_read_search");
        start.ArgumentList.Add(DotnetHost);
        return Start(start, program, arguments);
    }

    /// <summary>True when this process runs with effective uid 0 (from the Uid line of /proc/self/status).</summary>
    public static bool RunsAsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, _, "0", ..];

    /// <summary>Waits for the process to end by itself; a process still running after <paramref name="timeout"/> is killed and the test fails.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            Assert.Fail($"{Program} (pid {_process.Id}) still ran after {timeout.TotalSeconds:0} s and was killed.\n{Result()}");
        }

        return Result();
    }

    /// <summary>
    /// SIGKILLs the process (and any child) unless it has already ended, then waits for it to be
    /// gone. Returns true when the kill ended it, false when it had exited by itself first.
    /// </summary>
    public async Task<bool> KillAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill: the exit code below tells.
            }
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode == KilledExitCode;
    }

    /// <summary>
    /// SIGKILLs the process the moment a file named <paramref name="fileName"/> in
    /// <paramref name="directory"/> goes through one of <paramref name="changes"/> (inotify through
    /// a watcher reacts within microseconds, where polling would miss short windows), then waits
    /// until the process is gone, whether the kill or its own end came first.
    /// </summary>
    public async Task KillOnFileEventAsync(string directory, string fileName, WatcherChangeTypes changes, TimeSpan timeout)
    {
        using var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName };
        void KillOnEvent(object sender, FileSystemEventArgs e)
        {
            if (e.Name == fileName && (e.ChangeType & changes) != 0)
            {
                KillNow();
            }
        }

        watcher.Created += KillOnEvent;
        watcher.Deleted += KillOnEvent;
        watcher.Renamed += KillOnEvent;
        watcher.EnableRaisingEvents = true;
        await WaitAsync(timeout);
    }

    /// <summary>SIGKILLs the process now, from any thread (a file-system event handler, say), without waiting.</summary>
    public void KillNow()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The exit code and everything the process wrote (complete once it has exited).</summary>
    public CliResult Result()
    {
        lock (_gate)
        {
            return new CliResult(_process.HasExited ? _process.ExitCode : -1, _output.ToString(), _error.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static ProgramProcess Start(ProcessStartInfo start, string program, string[] arguments)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, program + ".dll");
        Assert.True(File.Exists(assembly), $"{assembly} is missing: the test project references both programs, so a build puts them there.");
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = false;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new ProgramProcess(process, program);
        process.Exited += (_, _) =>
        {
            lock (running._gate)
            {
                running._ranFor = running._clock.Elapsed;
            }
        };
        process.OutputDataReceived += (_, e) => running.Append(running._output, e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(running._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
        }
    }
}
