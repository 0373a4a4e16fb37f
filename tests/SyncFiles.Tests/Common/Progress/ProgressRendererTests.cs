using SyncFiles.Common.Progress;

namespace SyncFiles.Tests.Common.Progress;

public sealed class ProgressRendererTests
{
    private const string Up = "\r\u001b[";
    private const string EraseDown = "\u001b[J";

    private static readonly TableProgressSnapshot Familles = new("familles", 20_000, 1_700_000, TimeSpan.FromSeconds(1), Done: true);
    private static readonly TableProgressSnapshot Factures = new("factures", 4_753, 600_000, TimeSpan.FromSeconds(0.5), Done: false);

    [Fact]
    public void A_table_line_shows_rows_megabytes_rate_and_done()
    {
        Assert.Equal(
            "  lignes_facture               1,487,423 rows      96.3 MB     3.9 MB/s  done",
            ProgressRenderer.FormatTable(new TableProgressSnapshot("lignes_facture", 1_487_423, 96_300_000, TimeSpan.FromSeconds(24.6), Done: true)));
        Assert.Equal(
            "  factures                             0 rows       0.0 MB       - MB/s",
            ProgressRenderer.FormatTable(new TableProgressSnapshot("factures", 0, 0, TimeSpan.FromMilliseconds(20), Done: false)));
    }

    [Fact]
    public void The_first_draw_writes_the_block_and_each_redraw_goes_back_over_it()
    {
        var renderer = new ProgressRenderer();
        var terminal = new StringWriter();

        renderer.Draw(terminal, new ProgressSnapshot("export AG01", [Familles]), width: 200);
        var first = terminal.ToString();
        renderer.Draw(terminal, new ProgressSnapshot("export AG01", [Familles, Factures]), width: 200);
        var second = terminal.ToString()[first.Length..];

        Assert.Equal($"export AG01\n{ProgressRenderer.FormatTable(Familles)}\n", first);
        Assert.Equal($"{Up}2A{EraseDown}export AG01\n{ProgressRenderer.FormatTable(Familles)}\n{ProgressRenderer.FormatTable(Factures)}\n", second);
        Assert.Equal(3, renderer.LinesOnScreen);
    }

    [Fact]
    public void Clearing_erases_the_block_once_and_leaves_the_cursor_where_it_began()
    {
        var renderer = new ProgressRenderer();
        var terminal = new StringWriter();
        renderer.Draw(terminal, new ProgressSnapshot("import AG01-00000001.zip", [Familles, Factures]), width: 200);
        var drawn = terminal.ToString().Length;

        renderer.Clear(terminal);
        renderer.Clear(terminal);
        renderer.Draw(terminal, null, width: 200);

        Assert.Equal($"{Up}3A{EraseDown}", terminal.ToString()[drawn..]);
        Assert.Equal(0, renderer.LinesOnScreen);
    }

    [Fact]
    public void Lines_are_cut_to_the_terminal_width_so_none_wraps()
    {
        var renderer = new ProgressRenderer();
        var terminal = new StringWriter();

        renderer.Draw(terminal, new ProgressSnapshot("a title longer than the terminal", [Familles]), width: 20);

        var lines = terminal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["a title longer than", ProgressRenderer.FormatTable(Familles)[..19]], lines);
    }

    [Fact]
    public void A_long_run_shows_its_latest_tables_and_counts_the_earlier_ones()
    {
        var tables = Enumerable.Range(1, ProgressRenderer.MaxTableLines + 3)
            .Select(i => new TableProgressSnapshot($"t{i}", i, i, TimeSpan.FromSeconds(1), Done: true))
            .ToList();

        var lines = ProgressRenderer.Lines(new ProgressSnapshot("export", tables));

        Assert.Equal(ProgressRenderer.MaxTableLines + 2, lines.Count);
        Assert.Equal("  ... 3 earlier tables", lines[1]);
        Assert.StartsWith("  t4 ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"  t{ProgressRenderer.MaxTableLines + 3} ", lines[^1], StringComparison.Ordinal);
    }
}
