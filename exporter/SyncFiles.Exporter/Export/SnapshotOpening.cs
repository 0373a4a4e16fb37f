using Serilog;
using SyncFiles.Common.Providers;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The source snapshot, opened on a thread-pool thread from the start of a run: the connection's
/// start-up (network, authentication, the driver's first statements and its own first-use work)
/// goes on while the run takes its lock and reads its state, folders and receipts, instead of
/// after them (docs/performance.md, "Connection and catalog before the COPY").
/// </summary>
/// <remarks>
/// The run takes the snapshot where it used to open it, so a failure of the opening surfaces
/// there, as it did: same exception, same message, same exit code. A run that fails before that
/// point fails as before with its own error, and at once: the opening is cancelled, waited for,
/// and whatever it opened is closed, so no connection outlives the run and an unreachable source
/// does not hold back the report of the earlier error for a connection timeout.
/// </remarks>
internal sealed class SnapshotOpening : IAsyncDisposable
{
    private readonly Task<ISourceSnapshot> _opening;
    private readonly CancellationTokenSource _abandon;
    private readonly ILogger _log;
    private bool _taken;

    private SnapshotOpening(Task<ISourceSnapshot> opening, CancellationTokenSource abandon, ILogger log)
    {
        _opening = opening;
        _abandon = abandon;
        _log = log;
    }

    /// <summary>Starts opening the snapshot on another thread.</summary>
    public static SnapshotOpening Start(ISourceProvider source, string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken)
    {
        // The run's cancellation, or the run's own early failure (DisposeAsync before TakeAsync).
        var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = abandon.Token;
        // Not Task.Run's own cancellation: a cancelled run must fail inside the provider, as before.
        var opening = Task.Run(() => source.OpenSnapshotAsync(connectionString, baseDirectory, log, token), CancellationToken.None);
        return new SnapshotOpening(opening, abandon, log);
    }

    /// <summary>The open snapshot, which the caller now owns; or the opening's failure, rethrown as it was.</summary>
    public Task<ISourceSnapshot> TakeAsync()
    {
        _taken = true;
        return _opening;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_taken)
            {
                await _abandon.CancelAsync();
                await (await _opening).DisposeAsync();
            }
        }
        catch (Exception ex)
        {
            // The run is already failing with an earlier error, the one it reported before the
            // opening was started early; that error must stay the one the operator sees.
            _log.Debug(ex, "The source was not opened either (the run had already failed)");
        }
        finally
        {
            _abandon.Dispose();
        }
    }
}
