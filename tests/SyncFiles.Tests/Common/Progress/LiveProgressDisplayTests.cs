using SyncFiles.Common.Progress;

namespace SyncFiles.Tests.Common.Progress;

/// <summary>
/// The live display against a captured terminal: redraws are driven by <see cref="LiveProgressDisplay.Refresh"/>
/// and by completed log lines (the timer is off), and the clock only moves when the test says.
/// </summary>
public sealed class LiveProgressDisplayTests
{
    private const string EraseDown = "\u001b[J";

    private static string Back(int lines) => $"\r\u001b[{lines}A{EraseDown}";

    [Fact]
    public void A_refresh_samples_the_counters_and_a_completed_table_keeps_its_final_figures()
    {
        var clock = new SteppedClock();
        var terminal = new StringWriter();
        using var display = new LiveProgressDisplay(terminal, () => 200, clock, Timeout.InfiniteTimeSpan);
        long rows = 0, bytes = 0;
        using var bundle = display.BeginBundle("export AG01");
        var table = display.BeginTable("factures", () => Volatile.Read(ref rows), () => Volatile.Read(ref bytes));

        rows = 1_000;
        bytes = 2_000_000;
        clock.Advance(TimeSpan.FromSeconds(2));
        display.Refresh();
        var running = terminal.ToString();
        table.Complete();
        rows = 5;
        clock.Advance(TimeSpan.FromSeconds(10));
        display.Refresh();
        var done = terminal.ToString()[running.Length..];

        Assert.Equal($"export AG01\n{ProgressRenderer.FormatTable(new("factures", 1_000, 2_000_000, TimeSpan.FromSeconds(2), Done: false))}\n", running);
        Assert.Equal($"{Back(2)}export AG01\n{ProgressRenderer.FormatTable(new("factures", 1_000, 2_000_000, TimeSpan.FromSeconds(2), Done: true))}\n", done);
        Assert.Contains("1,000 rows       2.0 MB     1.0 MB/s  done", done, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_line_takes_the_block_off_the_screen_is_written_whole_and_the_block_comes_back_under_it()
    {
        var terminal = new StringWriter();
        using var display = new LiveProgressDisplay(terminal, () => 200, new SteppedClock(), Timeout.InfiniteTimeSpan);
        using var bundle = display.BeginBundle("import AG01-00000001.zip");
        using var table = display.BeginTable("familles", () => 7, () => 70);
        display.Refresh();
        var block = terminal.ToString();

        display.LogWriter.Write("12:00:00 INF ");
        display.Refresh(); // half a log line on the screen: no block may cut it
        display.LogWriter.Write("Applied familles");
        display.LogWriter.WriteLine();
        display.LogWriter.Flush();

        Assert.Equal($"{Back(2)}12:00:00 INF Applied familles\n{block}", terminal.ToString()[block.Length..]);
    }

    [Fact]
    public void A_table_that_failed_leaves_the_block_and_the_end_of_the_bundle_clears_it()
    {
        var terminal = new StringWriter();
        using var display = new LiveProgressDisplay(terminal, () => 200, new SteppedClock(), Timeout.InfiniteTimeSpan);
        var bundle = display.BeginBundle("export AG01");
        var familles = display.BeginTable("familles", () => 3, () => 30);
        familles.Complete();
        familles.Dispose();
        var factures = display.BeginTable("factures", () => 1, () => 10);
        display.Refresh();
        var withBoth = terminal.ToString();

        factures.Dispose();
        display.Refresh();
        var afterFailure = terminal.ToString()[withBoth.Length..];
        bundle.Dispose();
        var afterEnd = terminal.ToString()[(withBoth.Length + afterFailure.Length)..];

        Assert.Contains("factures", withBoth, StringComparison.Ordinal);
        Assert.DoesNotContain("factures", afterFailure, StringComparison.Ordinal);
        Assert.Contains("familles", afterFailure, StringComparison.Ordinal);
        Assert.Equal(Back(2), afterEnd);
    }

    [Fact]
    public void After_the_display_is_disposed_log_lines_are_plain_and_refreshes_draw_nothing()
    {
        var terminal = new StringWriter();
        var display = new LiveProgressDisplay(terminal, () => 200, new SteppedClock(), Timeout.InfiniteTimeSpan);
        using var bundle = display.BeginBundle("export AG01");
        using var table = display.BeginTable("familles", () => 3, () => 30);
        display.Refresh();
        var block = terminal.ToString();

        display.Dispose();
        display.LogWriter.WriteLine("12:00:01 INF Published AG01-00000001.zip");
        display.LogWriter.Flush();
        display.Refresh();

        Assert.Equal($"{Back(2)}12:00:01 INF Published AG01-00000001.zip{Environment.NewLine}", terminal.ToString()[block.Length..]);
    }

    [Fact]
    public async Task The_timer_redraws_by_itself_while_nothing_is_logged()
    {
        var terminal = new LockedTerminal();
        var rows = 0L;
        using (var display = new LiveProgressDisplay(terminal, () => 200, TimeProvider.System, TimeSpan.FromMilliseconds(10)))
        using (display.BeginBundle("export AG01"))
        using (display.BeginTable("factures", () => Interlocked.Read(ref rows), () => 0))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (CountOf(terminal, "export AG01") < 3 && DateTime.UtcNow < deadline)
            {
                Interlocked.Increment(ref rows);
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(CountOf(terminal, "export AG01") >= 3, terminal.ToString());
        Assert.EndsWith(EraseDown, terminal.ToString(), StringComparison.Ordinal);
    }

    private static int CountOf(LockedTerminal terminal, string text)
    {
        var all = terminal.ToString();
        var count = 0;
        for (var at = all.IndexOf(text, StringComparison.Ordinal); at >= 0; at = all.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A captured terminal that the timer thread writes while the test reads it.</summary>
    private sealed class LockedTerminal : StringWriter
    {
        private readonly Lock _gate = new();

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}
