using System.Runtime.Versioning;
using System.ServiceProcess;
using SyncFiles.Importer.Cli;

namespace SyncFiles.Importer.Watch;

/// <summary>
/// Watch mode under the Windows service control manager (<c>run --watch --service</c>, docs/operations.md):
/// the service's start runs the watch loop, its stop (or the machine's shutdown) cancels it and
/// waits while the bundle in progress rolls back, asking the manager for more time as needed.
/// If the loop ends by itself (a configuration error), the service stops with its exit code, so
/// the manager's recovery actions can see the failure.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class ImporterWindowsService : ServiceBase
{
    private readonly Func<CancellationToken, Task<int>> _watch;
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _running;

    private ImporterWindowsService(Func<CancellationToken, Task<int>> watch)
    {
        _watch = watch;

        // Ignored for a service in its own process; the name given to sc.exe create is what counts.
        ServiceName = "syncfiles-import";
        CanStop = true;
        CanShutdown = true;
        CanPauseAndContinue = false;

        // The log file and standard error carry what happens; no event source to register.
        AutoLog = false;
    }

    /// <summary>Runs <paramref name="watch"/> as the service until the manager stops it; returns the exit code.</summary>
    public static int Run(Func<CancellationToken, Task<int>> watch)
    {
        using var service = new ImporterWindowsService(watch);
        Run(service);
        return service.ExitCode;
    }

    protected override void OnStart(string[] args)
    {
        _running = Task.Run(() => _watch(_stop.Token));
        _running.ContinueWith(
            ended =>
            {
                if (!_stop.IsCancellationRequested)
                {
                    ExitCode = ended.IsCompletedSuccessfully ? ended.Result : ExitCodes.Failed;
                    Stop();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    protected override void OnStop()
    {
        _stop.Cancel();
        if (_running is null)
        {
            return;
        }

        while (!((IAsyncResult)_running).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(5)))
        {
            RequestAdditionalTime(15_000);
        }

        ExitCode = _running.IsCompletedSuccessfully ? _running.Result : ExitCodes.Failed;
    }

    protected override void OnShutdown() => OnStop();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }
}
