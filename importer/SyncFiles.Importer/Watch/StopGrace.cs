using Serilog;
using SyncFiles.Common.Logging;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Watch;

/// <summary>
/// A stop that always stops. The import runs on its own task; once a stop is asked, it has
/// <see cref="Grace"/> to roll back and return. A thread stuck in a system call that no
/// cancellation reaches (an open or a read on a share that hangs, a named pipe swapped in between
/// the look and the open) would otherwise keep the process alive for ever: past the grace, the
/// process stops anyway, and the database rolls back the transaction that the lost connection
/// leaves behind, so the bundle stays in the inbox, unapplied.
/// </summary>
public static class StopGrace
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool. Returns its result, or throws
    /// <see cref="OperationCanceledException"/> when a stop was asked and the work did not end within the grace.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, ILogger log, CancellationToken stop) =>
        RunAsync(work, log, Grace, stop);

    /// <param name="work">The run or the watch loop; given <paramref name="stop"/>.</param>
    /// <param name="log">Where the forced stop is told.</param>
    /// <param name="grace">How long a stop waits for <paramref name="work"/> to end by itself.</param>
    /// <param name="stop">Asks for the stop.</param>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, ILogger log, TimeSpan grace, CancellationToken stop)
    {
        var running = Task.Run(() => work(stop), CancellationToken.None);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.Register(() => stopped.TrySetResult()))
        {
            if (await Task.WhenAny(running, stopped.Task) == running)
            {
                return await running;
            }
        }

        if (await Task.WhenAny(running, Task.Delay(grace, CancellationToken.None)) == running)
        {
            return await running;
        }

        log.Warning(ImporterText.Get(nameof(ImporterMessages.WatchStillBusy), grace.TotalSeconds));
        throw new OperationCanceledException("Stopped while blocked in I/O.", stop);
    }
}
