using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Serilog;
using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Watch;
using SyncFiles.Tests.Importer;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Watch;

/// <summary>
/// The inbox as an attack surface: whoever can write to the share drops a named pipe, a socket, a
/// directory or links named like bundles. <c>syncfiles-import</c>, run as a real process, never
/// opens nor moves any of them, names each with what it is, applies every real bundle in the same
/// run and ends on its own; a stop ends it within seconds; processed/ or quarantine/ that is not a
/// plain directory stops the run with exit code 2 before anything is written.
/// </summary>
public sealed class NotAFileInboxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ignores_a_FIFO_a_socket_a_directory_and_links_applies_the_real_bundles_and_ends_on_its_own()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "named pipes and sockets in a folder are Unix; Windows cases are InboxEntryTests'.");
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync, 3);
        sync.Deliver(bundles[0]);
        sync.Deliver(bundles[1]);
        var secret = Path.Combine(sync.Root, "secret.txt");
        File.WriteAllText(secret, "password=hunter2");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var hostile = PlantHostileEntries(sync, bundles[2], secret, listener);

        using var run = ProgramProcess.Start("syncfiles-import", "run", "--config", sync.ServerConfigPath);
        var result = await run.WaitAsync(Patience);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal([1L, 2L], WatchModeTests.Ledger(sync));
        Assert.Equal(["AG01-00000001.zip", "AG01-00000002.zip"], SyncFixture.Files(sync.Processed));
        Assert.Empty(SyncFixture.Files(sync.Quarantine));
        foreach (var (name, what) in hostile)
        {
            Assert.Single(result.Output.Split('\n'), line => line.StartsWith($"ignored     {name}: {name} is {what}, not a file: ignored (never opened nor moved); remove it from the inbox.", StringComparison.Ordinal));
            Assert.True(Path.Exists(Path.Combine(sync.Inbox, name)) || new FileInfo(Path.Combine(sync.Inbox, name)).LinkTarget is not null, $"{name} was moved");
        }

        Assert.Equal("password=hunter2", File.ReadAllText(secret));
        Assert.True(File.Exists(bundles[2]), "the bundle a link pointed at was moved");
        Assert.DoesNotContain("hunter2", result.ToString(), StringComparison.Ordinal);

        // status counts them, by name, and is not OK.
        var status = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", sync.ServerConfigPath], o, e));
        foreach (var (name, what) in hostile)
        {
            Assert.Contains($"{name} is {what}, not a file", status.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Watch_reports_a_FIFO_once_and_SIGTERM_ends_it_within_seconds()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "named pipes in a folder are Unix.");
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync, 1);
        Directory.CreateDirectory(sync.Inbox);
        InboxEntryTests.MakeFifo(Path.Combine(sync.Inbox, "AA-00000001.zip"));
        sync.Deliver(bundles[0]);

        using var watch = ProgramProcess.Start("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", sync.ServerConfigPath);
        await WatchModeTests.WaitForAsync(watch, () => WatchModeTests.Ledger(sync).Count == 1, "bundle 1 to be applied");

        // Several passes over the pipe: still reported once.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        Signal(watch, "TERM");
        var result = await watch.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"stopped after {clock.Elapsed.TotalSeconds:0.0} s.\n{result}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Output.Split('\n'), line => line.StartsWith("ignored     AA-00000001.zip: AA-00000001.zip is a named pipe, not a file", StringComparison.Ordinal));
        Assert.Single(result.Error.Split('\n'), line => line.Contains("AA-00000001.zip is a named pipe", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(sync.Inbox, "AA-00000001.zip")), "the pipe was moved");
    }

    [Fact]
    public async Task A_stop_ends_work_blocked_in_IO_within_the_grace()
    {
        using var release = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();
        using var log = new LoggerConfiguration().CreateLogger();

        // Blocked as in an open of a pipe with no writer: no cancellation reaches it.
        var running = StopGrace.RunAsync(_ => Task.FromResult(release.Wait(Timeout.Infinite, CancellationToken.None)), log, TimeSpan.FromMilliseconds(500), stop.Token);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(running.IsCompleted);
        var clock = Stopwatch.StartNew();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
        release.Set();

        // Work that ends by itself keeps its result.
        Assert.Equal(7, await StopGrace.RunAsync(_ => Task.FromResult(7), log, TimeSpan.FromMilliseconds(500), CancellationToken.None));
    }

    [Fact]
    public async Task Processed_or_quarantine_that_is_a_link_or_a_file_is_a_configuration_error_before_anything_moves()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "symbolic links need a privilege on Windows.");
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync, 1);
        sync.Deliver(bundles[0]);
        var elsewhere = Directory.CreateDirectory(Path.Combine(sync.Root, "elsewhere")).FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(sync.Processed)!);
        Directory.CreateSymbolicLink(sync.Processed, elsewhere);

        var linked = await sync.ImportAsync();
        Assert.True(linked.ExitCode == 2, linked.ToString());
        Assert.Contains($"\"processed\": {sync.Processed} is a symbolic link, not a directory; nothing is written through it.", linked.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));
        Assert.Empty(WatchModeTests.Ledger(sync));

        Directory.Delete(sync.Processed);
        File.WriteAllText(sync.Quarantine, "not a folder");
        var file = await sync.ImportAsync();
        Assert.True(file.ExitCode == 2, file.ToString());
        Assert.Contains($"\"quarantine\": {sync.Quarantine} is a regular file, not a directory", file.Error, StringComparison.Ordinal);
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Inbox));
    }

    [Fact]
    public async Task Verify_refuses_a_FIFO_without_blocking_and_follows_a_link_given_by_hand()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "named pipes in a folder are Unix.");
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync, 1);
        var fifo = Path.Combine(sync.Root, "AA-00000001.zip");
        InboxEntryTests.MakeFifo(fifo);
        var link = File.CreateSymbolicLink(Path.Combine(sync.Root, "link.zip"), bundles[0]).FullName;

        var refused = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["verify", fifo], o, e));
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Equal($"{fifo} is a named pipe, not a file: nothing was read.", refused.Error.Trim());

        var followed = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["verify", link], o, e));
        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.StartsWith("link.zip: valid, unsigned (no ", followed.Output, StringComparison.Ordinal);
        Assert.Contains("nothing proves which site made it. Site AG01, sequence 1", followed.Output, StringComparison.Ordinal);
    }

    /// <summary>Puts in the inbox what an attacker with write access to the share would; returns each name with what it is.</summary>
    private static List<(string Name, string What)> PlantHostileEntries(SyncFixture sync, string bundleElsewhere, string secret, Socket listener)
    {
        var inbox = sync.Inbox;
        var planted = new List<(string, string)>();
        InboxEntryTests.MakeFifo(Path.Combine(inbox, "AA-00000001.zip"));
        planted.Add(("AA-00000001.zip", "a named pipe"));
        File.CreateSymbolicLink(Path.Combine(inbox, "AG01-00000003.zip"), bundleElsewhere);
        planted.Add(("AG01-00000003.zip", "a symbolic link"));
        File.CreateSymbolicLink(Path.Combine(inbox, "AC-00000001.zip"), secret);
        planted.Add(("AC-00000001.zip", "a symbolic link"));
        File.CreateSymbolicLink(Path.Combine(inbox, "AD-00000001.zip"), Path.Combine(inbox, "nowhere"));
        planted.Add(("AD-00000001.zip", "a symbolic link"));
        Directory.CreateDirectory(Path.Combine(inbox, "AG01-00000004.zip"));
        planted.Add(("AG01-00000004.zip", "a directory"));
        var socket = Path.Combine(inbox, "AE-00000001.zip");
        if (System.Text.Encoding.UTF8.GetByteCount(socket) < 100)
        {
            // Bound by a live program (.NET removes the file when the socket is closed).
            listener.Bind(new UnixDomainSocketEndPoint(socket));
            planted.Add(("AE-00000001.zip", "a socket"));
        }

        return planted;
    }

    private static async Task<List<string>> ExportChainAsync(SyncFixture sync, int count)
    {
        var bundles = new List<string>();
        for (var round = 0; round < count; round++)
        {
            sync.ExecuteSource(round == 0 ? ShopData.Factures(1, 50, round) + ShopData.Familles(1, 5) : ShopData.Factures((round * 50) + 1, (round * 50) + 50, round));
            bundles.Add(await sync.ExportOkAsync());
        }

        return bundles;
    }


    private static void Signal(ProgramProcess process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
