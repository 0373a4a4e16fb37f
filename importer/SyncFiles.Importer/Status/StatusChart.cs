using System.Globalization;
using System.Net;
using System.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Status;

/// <summary>
/// Bar charts of rows applied per day as inline SVG (no script, no external resource): each bar
/// carries a &lt;title&gt; the browser shows on hover.
/// </summary>
public static class StatusChart
{
    /// <summary>A small chart for a site's row in the table: 30 bars, 5 px apart, scaled to the site's busiest day.</summary>
    public static string Small(IReadOnlyList<DayRows> days)
    {
        const int Height = 30;
        var max = days.Select(d => d.Rows).DefaultIfEmpty(0).Max();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" width=\"{days.Count * 5}\" height=\"{Height}\" viewBox=\"0 0 {days.Count * 5} {Height}\" role=\"img\" aria-label=\"{Label(days)}\">");
        for (var i = 0; i < days.Count; i++)
        {
            Bar(svg, days[i], x: i * 5, width: 4, bottom: Height, maxHeight: Height - 2, max);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The chart above the table: every site's rows added up, with the busiest day's count and the first and last dates.</summary>
    public static string Overall(IReadOnlyList<DayRows> days)
    {
        const int Left = 70, Bottom = 150, BarsHeight = 130, Step = 20;
        var width = Left + (days.Count * Step) + 10;
        var max = days.Select(d => d.Rows).DefaultIfEmpty(0).Max();
        var invariant = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" height=\"{Bottom + 22}\" viewBox=\"0 0 {width} {Bottom + 22}\" role=\"img\" aria-label=\"{Label(days)}\">");
        svg.Append(invariant, $"<line x1=\"{Left - 4}\" y1=\"{Bottom}\" x2=\"{width - 6}\" y2=\"{Bottom}\" class=\"axis\" />");
        svg.Append(invariant, $"<line x1=\"{Left - 4}\" y1=\"{Bottom - BarsHeight}\" x2=\"{width - 6}\" y2=\"{Bottom - BarsHeight}\" class=\"grid\" />");
        svg.Append(invariant, $"<text x=\"{Left - 8}\" y=\"{Bottom - BarsHeight + 4}\" text-anchor=\"end\">{max:N0}</text>");
        svg.Append(invariant, $"<text x=\"{Left - 8}\" y=\"{Bottom + 4}\" text-anchor=\"end\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            Bar(svg, days[i], x: Left + (i * Step), width: Step - 4, bottom: Bottom, maxHeight: BarsHeight, max);
        }

        if (days.Count > 0)
        {
            svg.Append(invariant, $"<text x=\"{Left}\" y=\"{Bottom + 18}\">{days[0].Date:yyyy-MM-dd}</text>");
            svg.Append(invariant, $"<text x=\"{Left + ((days.Count - 1) * Step) + Step - 4}\" y=\"{Bottom + 18}\" text-anchor=\"end\">{days[^1].Date:yyyy-MM-dd}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, DayRows day, int x, int width, int bottom, int maxHeight, long max)
    {
        // A day with rows gets at least 2 px so it is never mistaken for an empty one.
        var height = day.Rows == 0 || max == 0 ? 1 : Math.Max(2, (int)Math.Round((double)day.Rows / max * maxHeight));
        var date = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var title = ImporterText.Get(
            day.Bundles == 0 ? nameof(ImporterMessages.ChartNothing) : day.Bundles == 1 ? nameof(ImporterMessages.ChartDayOne) : nameof(ImporterMessages.ChartDay),
            date,
            day.Rows,
            day.Bundles).Display;
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{x}\" y=\"{bottom - height}\" width=\"{width}\" height=\"{height}\" class=\"{(day.Rows == 0 ? "bar-empty" : "bar")}\"><title>{WebUtility.HtmlEncode(title)}</title></rect>");
    }

    private static string Label(IReadOnlyList<DayRows> days) =>
        WebUtility.HtmlEncode(ImporterText.Get(nameof(ImporterMessages.ChartLabel), days.Count, days.Sum(d => d.Rows)).Display);
}
