using System.Globalization;
using System.Text;

namespace SyncFiles.Common.Progress;

/// <summary>
/// Draws the live display on a terminal with ANSI (VT100) sequences: each draw moves the cursor
/// back to the top of the block it drew last, erases down and writes the block again, in one
/// write, so a redraw never shows half a block. Lines are cut to the terminal's width (a wrapped
/// line would break the count of lines to go back over). ASCII only, for every console code page.
/// </summary>
public sealed class ProgressRenderer
{
    /// <summary>At most this many table lines: a long run keeps the latest tables and counts the others.</summary>
    public const int MaxTableLines = 10;

    private const string Escape = "\u001b[";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Lines of the block now on the screen, above the cursor.</summary>
    public int LinesOnScreen { get; private set; }

    /// <summary>Replaces the block on the screen with <paramref name="snapshot"/> (or only removes it, when null).</summary>
    public void Draw(TextWriter terminal, ProgressSnapshot? snapshot, int width)
    {
        var text = new StringBuilder();
        AppendClear(text);
        if (snapshot is not null)
        {
            var lines = Lines(snapshot);
            foreach (var line in lines)
            {
                text.Append(Fit(line, width)).Append('\n');
            }

            LinesOnScreen = lines.Count;
        }

        if (text.Length > 0)
        {
            terminal.Write(text.ToString());
        }
    }

    /// <summary>Removes the block, leaving the cursor where its first line was (where a log line goes next).</summary>
    public void Clear(TextWriter terminal)
    {
        if (LinesOnScreen == 0)
        {
            return;
        }

        var text = new StringBuilder();
        AppendClear(text);
        terminal.Write(text.ToString());
    }

    /// <summary>The block's lines as plain text: the title, then one line per table.</summary>
    public static IReadOnlyList<string> Lines(ProgressSnapshot snapshot)
    {
        var lines = new List<string>(Math.Min(snapshot.Tables.Count, MaxTableLines + 1) + 1) { snapshot.Title };
        var hidden = Math.Max(0, snapshot.Tables.Count - MaxTableLines);
        if (hidden > 0)
        {
            lines.Add(string.Create(Invariant, $"  ... {hidden} earlier table{(hidden == 1 ? string.Empty : "s")}"));
        }

        for (var i = hidden; i < snapshot.Tables.Count; i++)
        {
            lines.Add(FormatTable(snapshot.Tables[i]));
        }

        return lines;
    }

    /// <summary>
    /// One table: name, rows, megabytes of CSV (10^6 bytes), average rate since the table started
    /// ("-" in its first tenth of a second, where a rate means nothing), and "done" once finished.
    /// </summary>
    public static string FormatTable(TableProgressSnapshot table)
    {
        var megabytes = table.Bytes / 1_000_000.0;
        var seconds = table.Elapsed.TotalSeconds;
        var rate = seconds >= 0.1 ? (megabytes / seconds).ToString("F1", Invariant) : "-";
        return string.Create(Invariant, $"  {table.Table,-24} {table.Rows,13:N0} rows {megabytes,9:F1} MB {rate,7} MB/s{(table.Done ? "  done" : string.Empty)}");
    }

    private void AppendClear(StringBuilder text)
    {
        if (LinesOnScreen > 0)
        {
            // Back to column 0, up over the block, erase from there to the end of the screen.
            text.Append('\r').Append(Escape).Append(LinesOnScreen.ToString(Invariant)).Append('A').Append(Escape).Append('J');
            LinesOnScreen = 0;
        }
    }

    private static string Fit(string line, int width) =>
        width > 1 && line.Length >= width ? line[..(width - 1)] : line;
}
