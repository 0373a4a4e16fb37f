using System.Diagnostics;
using System.Globalization;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Watch;

/// <summary>
/// <c>syncfiles-import run --watch</c> as a real child process on a real SQLite head office, fed
/// bundles from the real exporter: a bundle copied slowly is applied once complete and never
/// quarantined, a bundle arriving before its predecessor waits for it, and SIGINT or SIGTERM stop
/// the process with exit code 0 and a bundle never half-applied.
/// </summary>
public sealed class WatchModeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Watch_applies_a_slowly_copied_bundle_once_complete_and_waits_for_a_late_predecessor_then_stops_on_SIGINT()
    {
        using var sync = ShopSchemas.NewShop();
        SettleTime.Set(sync.ServerConfigPath, "3s");
        var bundles = await ExportChainAsync(sync, factures: [4_000, 300, 300]);
        Directory.CreateDirectory(sync.Inbox);

        using var watch = ProgramProcess.Start("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", sync.ServerConfigPath);
        await WaitForAsync(watch, () => watch.Result().Error.Contains("Watching ", StringComparison.Ordinal), "the watch to start");

        // Bundle 1 lands in chunks over about three seconds, as a slow copy to a share would write it.
        await CopySlowlyAsync(bundles[0], Path.Combine(sync.Inbox, Path.GetFileName(bundles[0])), chunks: 8, pause: TimeSpan.FromMilliseconds(400), sync.Quarantine);
        await WaitForAsync(watch, () => Ledger(sync).Count == 1, "bundle 1 to be applied");
        Assert.Empty(SyncFixture.Files(sync.Quarantine));

        // Bundle 3 before bundle 2: held, then both applied once 2 arrives.
        Deliver(bundles[2], sync.Inbox);
        await WaitForAsync(watch, () => watch.Result().Output.Contains("held        AG01-00000003.zip: waits for sequence 2 of site AG01", StringComparison.Ordinal), "bundle 3 to be held");
        Deliver(bundles[1], sync.Inbox);
        await WaitForAsync(watch, () => Ledger(sync).Count == 3, "bundles 2 and 3 to be applied");

        Assert.Equal([1L, 2L, 3L], Ledger(sync));
        foreach (var table in ShopData.Tables)
        {
            TableContents.Read(sync.Target, ShopData.CentralQuery(table, "AG01"))
                .AssertSameAs(TableContents.Read(sync.Source, ShopData.SourceQuery(table)), "after the watch applied 3 bundles");
        }

        Assert.Empty(SyncFixture.Files(sync.Inbox));
        Assert.Equal(["AG01-00000001.zip", "AG01-00000002.zip", "AG01-00000003.zip"], SyncFixture.Files(sync.Processed));
        Assert.Empty(SyncFixture.Files(sync.Quarantine));

        // Ctrl+C where it can be pressed. A test host started in the background by a non-interactive
        // shell (nohup, "cmd &") inherits SIGINT ignored and passes that on to the importer, which
        // then never sees it, as no shell user would either: there the stop is asked with SIGTERM.
        var stop = SigintIgnoredByThisProcess() ? "TERM" : "INT";
        Signal(watch, stop);
        var result = await watch.WaitAsync(Patience);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Error.Contains($"SIG{stop} received: stopping", StringComparison.Ordinal), result.ToString());
        Assert.True(result.Error.Contains("Stopped: the inbox is no longer watched", StringComparison.Ordinal), result.ToString());
        var output = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(output, line => line.StartsWith("arriving    AG01-00000001.zip: still arriving", StringComparison.Ordinal));
        Assert.Single(output, line => line.StartsWith("held        AG01-00000003.zip", StringComparison.Ordinal));
        Assert.Equal(
            ["AG01-00000001.zip", "AG01-00000002.zip", "AG01-00000003.zip"],
            output.Where(line => line.StartsWith("applied", StringComparison.Ordinal)).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd(':')));
    }

    [Fact]
    public async Task SIGTERM_during_a_bundle_stops_with_exit_code_0_and_the_bundle_is_applied_whole_or_left_in_the_inbox()
    {
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync, factures: [100, 60_000]);
        Directory.CreateDirectory(sync.Inbox);

        using var watch = ProgramProcess.Start("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", sync.ServerConfigPath);
        await WaitForAsync(watch, () => watch.Result().Error.Contains("Watching ", StringComparison.Ordinal), "the watch to start");
        Deliver(bundles[0], sync.Inbox);
        await WaitForAsync(watch, () => Ledger(sync).Count == 1, "bundle 1 to be applied");

        // SIGTERM the moment SQLite creates its rollback journal: bundle 2's transaction is writing.
        var central = Path.GetDirectoryName(sync.Target.AsSqlite().Path)!;
        var journal = Path.GetFileName(sync.Target.AsSqlite().Path) + "-journal";
        var signalled = 0;
        using var watcher = new FileSystemWatcher(central) { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += (_, e) =>
        {
            if (e.Name == journal && Interlocked.Exchange(ref signalled, 1) == 0)
            {
                Signal(watch, "TERM");
            }
        };
        watcher.EnableRaisingEvents = true;
        Deliver(bundles[1], sync.Inbox);
        await WaitForAsync(watch, () => Volatile.Read(ref signalled) == 1 || watch.HasExited, "bundle 2's transaction to start");
        var result = await watch.WaitAsync(Patience);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Error.Contains("SIGTERM received: stopping", StringComparison.Ordinal), result.ToString());
        Assert.True(result.Error.Contains("Stopped: the inbox is no longer watched", StringComparison.Ordinal), result.ToString());
        var ledger = Ledger(sync);
        var factures = sync.CentralCount("factures");
        if (ledger.Count == 1)
        {
            // Rolled back: nothing of bundle 2 is in the database, and it waits in the inbox.
            Assert.Equal(100L, factures);
            Assert.Equal(["AG01-00000002.zip"], SyncFixture.Files(sync.Inbox));
        }
        else
        {
            Assert.Equal([1L, 2L], ledger);
            Assert.Equal(60_100L, factures);
        }

        TestReport.Line(string.Create(CultureInfo.InvariantCulture, $"watch mode, SIGTERM inside bundle 2's transaction: {(ledger.Count == 1 ? "rolled back, left in the inbox" : "committed before the stop")}"));

        // Whatever the stop did, a plain run finishes the job: the database holds the site's rows exactly.
        var finish = await sync.ImportAsync();
        Assert.True(finish.ExitCode == 0, finish.ToString());
        Assert.Equal([1L, 2L], Ledger(sync));
        TableContents.Read(sync.Target, ShopData.CentralQuery("factures", "AG01"))
            .AssertSameAs(TableContents.Read(sync.Source, ShopData.SourceQuery("factures")), "after the stop and a plain run");
    }

    [Fact]
    public async Task A_watch_and_scheduled_runs_on_the_same_inbox_apply_each_bundle_exactly_once()
    {
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync, factures: [3_000, 500, 500, 500, 500]);
        Directory.CreateDirectory(sync.Inbox);

        using var watch = ProgramProcess.Start("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", sync.ServerConfigPath);
        await WaitForAsync(watch, () => watch.Result().Error.Contains("Watching ", StringComparison.Ordinal), "the watch to start");
        foreach (var bundle in bundles)
        {
            Deliver(bundle, sync.Inbox);
        }

        // Scheduled runs racing the watch for the same bundles, until everything is applied.
        var runs = new List<CliResult>();
        while (Ledger(sync).Count < bundles.Count)
        {
            Assert.True(runs.Count < 40, $"the bundles were never all applied.\n{watch.Result()}");
            runs.Add(await sync.ImportAsync());
        }

        Signal(watch, "TERM");
        var result = await watch.WaitAsync(Patience);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(runs, run => Assert.True(run.ExitCode is 0 or 4, run.ToString()));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Ledger(sync));
        foreach (var table in ShopData.Tables)
        {
            TableContents.Read(sync.Target, ShopData.CentralQuery(table, "AG01"))
                .AssertSameAs(TableContents.Read(sync.Source, ShopData.SourceQuery(table)), "after a watch and scheduled runs shared the inbox");
        }

        Assert.Empty(SyncFixture.Files(sync.Inbox));
        Assert.Empty(SyncFixture.Files(sync.Quarantine));
        var processed = SyncFixture.Files(sync.Processed);
        Assert.Equal(
            bundles.Select(Path.GetFileNameWithoutExtension),
            processed.Select(name => name.Split('.')[0]));
        var appliedLines = runs.Sum(run => CountApplied(run.Output)) + CountApplied(result.Output);
        Assert.Equal(bundles.Count, appliedLines);
    }

    private static int CountApplied(string output) =>
        output.Split('\n').Count(line => line.StartsWith("applied ", StringComparison.Ordinal));

    [Fact]
    public async Task A_bad_poll_interval_or_service_flag_outside_Windows_is_a_usage_error()
    {
        using var sync = ShopSchemas.NewShop();

        var badInterval = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--watch", "--poll-interval", "soon", "--config", sync.ServerConfigPath], o, e));
        Assert.True(badInterval.ExitCode == 2, badInterval.ToString());
        Assert.Contains("--poll-interval: 'soon' is not a duration", badInterval.Error, StringComparison.Ordinal);

        var withoutWatch = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--poll-interval", "5s", "--config", sync.ServerConfigPath], o, e));
        Assert.True(withoutWatch.ExitCode == 2, withoutWatch.ToString());
        Assert.Contains("only apply to watch mode: add --watch", withoutWatch.Error, StringComparison.Ordinal);

        if (!OperatingSystem.IsWindows())
        {
            var service = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--watch", "--service", "--config", sync.ServerConfigPath], o, e));
            Assert.True(service.ExitCode == 2, service.ToString());
            Assert.Contains("--service is for a Windows service", service.Error, StringComparison.Ordinal);
        }
    }

    /// <summary>Exports one bundle per entry: the first adds that many invoices (and 50 families), each next one that many more and changes some.</summary>
    private static async Task<List<string>> ExportChainAsync(SyncFixture sync, int[] factures)
    {
        var bundles = new List<string>();
        var next = 1;
        for (var round = 0; round < factures.Length; round++)
        {
            var sql = ShopData.Factures(next, next + factures[round] - 1, round);
            sql += round == 0 ? ShopData.Familles(1, 50) : ShopData.TouchFactures(round, modulo: 3, residue: round % 3);
            sync.ExecuteSource(sql);
            next += factures[round];
            bundles.Add(await sync.ExportOkAsync());
        }

        return bundles;
    }

    /// <summary>Delivers a bundle whole: copied under a temporary dot-name, then renamed (the recommended transport).</summary>
    private static void Deliver(string bundle, string inbox)
    {
        var temporary = Path.Combine(inbox, "." + Path.GetFileName(bundle) + ".tmp");
        File.Copy(bundle, temporary);
        File.Move(temporary, Path.Combine(inbox, Path.GetFileName(bundle)));
    }

    /// <summary>Writes <paramref name="source"/> to <paramref name="target"/> in chunks with pauses, checking the quarantine stays empty meanwhile.</summary>
    private static async Task CopySlowlyAsync(string source, string target, int chunks, TimeSpan pause, string quarantine)
    {
        var bytes = await File.ReadAllBytesAsync(source, TestContext.Current.CancellationToken);
        var chunk = (bytes.Length + chunks - 1) / chunks;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            // Open, append, close: like a copy over a network share, nothing holds a lock between writes.
            await using (var stream = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), TestContext.Current.CancellationToken);
            }

            await Task.Delay(pause, TestContext.Current.CancellationToken);
            Assert.True(SyncFixture.Files(quarantine).Count == 0, $"a bundle still being copied ({offset + chunk} of {bytes.Length} bytes) was quarantined");
        }
    }

    /// <summary>The sequences the central SQLite ledger holds (none before the ledger exists).</summary>
    internal static List<long> Ledger(SyncFixture sync)
    {
        var exists = sync.QueryCentral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'syncfiles_ledger'")[0][0] is long and > 0;
        return exists
            ? sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence").Select(row => Convert.ToInt64(row[0], CultureInfo.InvariantCulture)).ToList()
            : [];
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing if the watch exits or the patience runs out.</summary>
    internal static async Task WaitForAsync(ProgramProcess watch, Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(watch.HasExited, $"the watch exited while waiting for {what}.\n{watch.Result()}");
            Assert.True(clock.Elapsed < Patience, $"waited {Patience.TotalSeconds:0} s for {what}.\n{watch.Result()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>True when SIGINT is ignored here (bit 1 of SigIgn in /proc/self/status), so children inherit it ignored.</summary>
    private static bool SigintIgnoredByThisProcess()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & 0x2) != 0;
    }

    private static void Signal(ProgramProcess process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
