using Serilog;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Watch;

/// <summary>
/// Wakes watch mode when something happens in the inbox. A file-system watcher reacts at once on a
/// local disk, but misses events on SMB and NFS shares and drops them when its buffer overflows;
/// the caller therefore also polls, and an error here (overflow, share gone) wakes it for a full
/// rescan and restarts the watcher before the next wait. Without a watcher (inotify limits, a
/// share that refuses notifications) polling alone carries on.
/// </summary>
public sealed class InboxWatcher : IDisposable
{
    private readonly string _inbox;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _events = new(0, int.MaxValue);
    private FileSystemWatcher? _watcher;
    private volatile bool _broken = true;
    private string? _lastProblem;

    public InboxWatcher(string inbox, ILogger log)
    {
        _inbox = inbox;
        _log = log;
        EnsureWatching();
    }

    /// <summary>True while a watcher is running; false when only polling finds new bundles.</summary>
    public bool IsWatching => !_broken;

    /// <summary>(Re)starts the watcher after an error; on failure polling carries on and this is tried again next time.</summary>
    public void EnsureWatching()
    {
        if (!_broken)
        {
            return;
        }

        _watcher?.Dispose();
        _watcher = null;
        try
        {
            var watcher = new FileSystemWatcher(_inbox)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += OnEvent;
            watcher.Changed += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
            _broken = false;
            if (_lastProblem is not null)
            {
                _log.Information(ImporterText.Get(nameof(ImporterMessages.WatchAgainWatching), _inbox));
                _lastProblem = null;
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            Report(ImporterText.Get(nameof(ImporterMessages.WatchCannotWatch), _inbox, ex.Message));
        }
    }

    /// <summary>Waits until something happens in the inbox (true) or <paramref name="timeout"/> passes (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _events.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// Lets a burst of events die down (a copy raises one per write) before a pass runs: returns once
    /// nothing happened for <paramref name="quiet"/>, or after <paramref name="longest"/> in any case.
    /// </summary>
    public async Task QuietAsync(TimeSpan quiet, TimeSpan longest, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < longest && await _events.WaitAsync(quiet, cancellationToken))
        {
            while (_events.Wait(0, cancellationToken))
            {
                // Drain the events counted meanwhile: one pass answers them all.
            }
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _events.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _events.Release();

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Overflow (events were lost) or the folder went away: rescan now, restart the watcher later.
        _broken = true;
        Report(ImporterText.Get(nameof(ImporterMessages.WatchWatchFailed), _inbox, e.GetException().Message));
        _events.Release();
    }

    private void Report(LocalizedText problem)
    {
        if (problem.English != _lastProblem)
        {
            _log.Warning(ImporterText.Get(nameof(ImporterMessages.WatchProblem), problem));
            _lastProblem = problem.English;
        }
    }
}
