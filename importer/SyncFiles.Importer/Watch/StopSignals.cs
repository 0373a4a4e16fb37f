using System.Runtime.InteropServices;
using Serilog;
using SyncFiles.Common.Logging;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Watch;

/// <summary>
/// Turns a request to stop into a cancellation: Ctrl+C (SIGINT), SIGTERM (systemd's stop, docker
/// stop, kill), SIGQUIT and SIGHUP; on Windows the same registrations receive Ctrl+C, Ctrl+Break,
/// closing the console window and a shutdown. The first one cancels and lets the bundle in progress
/// roll back; a second Ctrl+C ends the process at once (the database rolls the transaction back).
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _log;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    public StopSignals(ILogger log)
    {
        _log = log;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Cancelled when a stop was asked.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            if (context.Signal == PosixSignal.SIGINT)
            {
                // Leave the default action to the runtime: the process ends now.
                _log.Warning(ImporterText.Get(nameof(ImporterMessages.WatchSecondCtrlC)));
                return;
            }

            context.Cancel = true;
            return;
        }

        context.Cancel = true;
        _log.Information(ImporterText.Get(nameof(ImporterMessages.WatchSignal), context.Signal.ToString()));
        _stop.Cancel();
    }
}
