using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Logging;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Watch;

/// <summary>
/// Watch mode's loop: one import pass at start, then one whenever the inbox changes (after the
/// burst of events has died down) and at least every poll interval; sooner while a bundle is still
/// arriving. A pass that fails (database unreachable) is retried on the next poll. Ends only by
/// cancellation (a stop was asked: the bundle in progress rolls back and stays in the inbox) or by
/// a configuration error, which no retry would fix.
/// </summary>
public sealed class WatchLoop
{
    /// <summary>Quiet time after the last event before a pass: a copy raises an event per write.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan LongestDebounce = TimeSpan.FromSeconds(3);

    private readonly Func<CancellationToken, Task<IReadOnlyList<BundleOutcome>>> _pass;
    private readonly InboxWatcher _watcher;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _arrivingRetry;
    private readonly ILogger _log;
    private readonly OutcomeReport _report;

    public WatchLoop(Func<CancellationToken, Task<IReadOnlyList<BundleOutcome>>> pass, InboxWatcher watcher, TimeSpan pollInterval, TimeSpan settleTime, ILogger log, Action<BundleOutcome> report)
    {
        _pass = pass;
        _watcher = watcher;
        _pollInterval = pollInterval;

        // A bundle still arriving is looked at again a few times per settle time, never slower than polling.
        var retry = settleTime / 4;
        _arrivingRetry = retry < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : retry > pollInterval ? pollInterval : retry;
        _log = log;
        _report = new OutcomeReport(report);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? failing = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = _pollInterval;
            try
            {
                var outcomes = await _pass(cancellationToken);
                _report.Show(outcomes);
                if (failing is not null)
                {
                    _log.Information(ImporterText.Get(nameof(ImporterMessages.WatchPassesWork)));
                    failing = null;
                }

                if (outcomes.Any(o => o.Kind is BundleOutcomeKind.Arriving or BundleOutcomeKind.Deferred))
                {
                    next = _arrivingRetry;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ConfigurationException
                && (ex is SyncFilesException or IOException or UnauthorizedAccessException or System.Data.Common.DbException or TimeoutException))
            {
                // The database or a disk is away for a while: say it once, keep trying.
                if (ex.Message != failing)
                {
                    _log.Error(ImporterText.Get(nameof(ImporterMessages.WatchPassFailed), SyncFilesException.TextOf(ex), _pollInterval.TotalSeconds));
                    failing = ex.Message;
                }
                else
                {
                    _log.Debug("Import pass failed again: {Message}", ex.Message);
                }
            }

            _watcher.EnsureWatching();
            if (await _watcher.WaitAsync(next, cancellationToken))
            {
                await _watcher.QuietAsync(Debounce, LongestDebounce, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Prints each outcome like a normal run, except that a bundle still held or still arriving (or an entry
    /// ignored as not a file) is reported once, not on every pass; it is reported again if it leaves that state and returns.
    /// </summary>
    private sealed class OutcomeReport(Action<BundleOutcome> write)
    {
        private Dictionary<string, BundleOutcomeKind> _steady = new(StringComparer.Ordinal);

        public void Show(IReadOnlyList<BundleOutcome> outcomes)
        {
            var steady = new Dictionary<string, BundleOutcomeKind>(StringComparer.Ordinal);
            foreach (var outcome in outcomes)
            {
                if (outcome.Kind is BundleOutcomeKind.Held or BundleOutcomeKind.Arriving or BundleOutcomeKind.Ignored or BundleOutcomeKind.Unreadable)
                {
                    steady[outcome.FileName] = outcome.Kind;
                    if (_steady.TryGetValue(outcome.FileName, out var before) && before == outcome.Kind)
                    {
                        continue;
                    }
                }

                write(outcome);
            }

            _steady = steady;
        }
    }
}
