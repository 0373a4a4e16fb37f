using System.CommandLine;
using Serilog;
using Serilog.Events;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Config;
using SyncFiles.Common.Logging;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;
using SyncFiles.Importer.Watch;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import run --watch</c>: keeps running and applies bundles as they land, until
/// Ctrl+C, SIGTERM or a Windows service stop; exits 0 when asked to stop (docs/operations.md).
/// </summary>
public static class WatchCommand
{
    /// <summary>How often the inbox is scanned even without a file-system event.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);

    /// <summary>The options <c>run</c> takes for watch mode.</summary>
    public sealed class Options
    {
        public Option<bool> Watch { get; } = new("--watch", "-w")
        {
            Description = ImporterText.Get(nameof(ImporterMessages.HelpWatch)).Display,
        };

        public Option<string?> PollInterval { get; } = new("--poll-interval")
        {
            Description = ImporterText.Get(nameof(ImporterMessages.HelpPollInterval)).Display,
        };

        public Option<bool> Service { get; } = new("--service")
        {
            Description = ImporterText.Get(nameof(ImporterMessages.HelpService)).Display,
        };

        public IEnumerable<Option> All => [Watch, PollInterval, Service];

        /// <summary>True when the parsed command line asks for watch mode.</summary>
        public bool IsWatching(ParseResult parse) => parse.GetResult(Watch) is not null && parse.GetValue(Watch);

        /// <summary>True when a watch-only option was given without --watch.</summary>
        public bool MisusedWithoutWatch(ParseResult parse) =>
            !IsWatching(parse) && (parse.GetResult(PollInterval) is { Implicit: false } || parse.GetResult(Service) is { Implicit: false });
    }

    /// <summary>Refuses --poll-interval or --service without --watch, which would otherwise be silently ignored.</summary>
    public static async Task<int> RefuseWithoutWatchAsync(TextWriter error)
    {
        await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.WatchNeedsWatch)).Display);
        return ExitCodes.UsageOrConfiguration;
    }

    public static async Task<int> RunAsync(ParseResult parse, Options options, string configPath, LogEventLevel level, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var pollText = parse.GetValue(options.PollInterval);
        var pollInterval = DefaultPollInterval;
        if (pollText is not null && (!Duration.TryParse(pollText, out pollInterval) || pollInterval <= TimeSpan.Zero))
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.WatchBadPoll), pollText).Display);
            return ExitCodes.UsageOrConfiguration;
        }

        var service = parse.GetValue(options.Service);
        if (service && !OperatingSystem.IsWindows())
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.WatchServiceNotWindows)).Display);
            return ExitCodes.UsageOrConfiguration;
        }

        return await ConfiguredCommand.RunAsync(
            error,
            () => ServerSettings.Load(configPath),
            settings => settings.LogFilePath,
            level,
            WatchFailures,
            async (settings, log, _) =>
            {
                if (service && OperatingSystem.IsWindows())
                {
                    return ImporterWindowsService.Run(token => WatchAsync(settings, pollInterval, log, output, token));
                }

                using var signals = new StopSignals(log);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Token);
                return await WatchAsync(settings, pollInterval, log, output, stop.Token);
            });
    }

    /// <summary>The words of a watch that stopped other than by being asked to.</summary>
    private static readonly CommandFailures WatchFailures = new()
    {
        Failure = text => ImporterText.Get(nameof(ImporterMessages.WatchFailed), text),
        Cancelled = ImporterText.Get(nameof(ImporterMessages.RunCancelled)),
        Unexpected = ImporterText.Get(nameof(ImporterMessages.RunUnexpected)),
    };

    private static async Task<int> WatchAsync(ServerSettings settings, TimeSpan pollInterval, ILogger log, TextWriter output, CancellationToken stop)
    {
        try
        {
            var provider = TargetProviders.Get(settings.Config.Target.Provider);
            ServerFolders.Prepare(settings, log);
            using var watcher = new InboxWatcher(settings.InboxDirectory, log);
            var run = new ImportRun(settings, provider, log, TimeProvider.System, new ArrivalCheck(settings.SettleTime, TimeProvider.System, rememberFirstSeen: true))
            {
                Repeating = true,
            };
            log.Information(ImporterText.Get(nameof(ImporterMessages.WatchStarted), settings.InboxDirectory, pollInterval.TotalSeconds, settings.SettleTime.TotalSeconds));
            var loop = new WatchLoop(run.ExecuteAsync, watcher, pollInterval, settings.SettleTime, log, outcome => output.WriteLine(ImporterCli.Describe(outcome)));
            await StopGrace.RunAsync(async token => { await loop.RunAsync(token); return 0; }, log, stop);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Asked to stop: the transaction of the bundle in progress, if any, was rolled back.
        }
#pragma warning disable CA1031 // The top of the watch (inside the service too): every failure becomes an exit code and a line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return WatchFailures.Report(ex, log);
        }

        log.Information(ImporterText.Get(nameof(ImporterMessages.WatchStopped)));
        return ExitCodes.Success;
    }
}
