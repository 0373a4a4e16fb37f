using System.Globalization;
using System.Net;
using System.Text;
using SyncFiles.Common.IO;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Receipts;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Status;

/// <summary>
/// The status as one self-contained HTML page for head office: inline CSS and SVG, no script, no
/// external resource, every value HTML-encoded. The markup is also well-formed XML (closed tags,
/// quoted attributes, numeric entities), so it can be checked by any XML parser.
/// </summary>
public static class StatusHtml
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem; color: #1f2328; background: #fff; }
        h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        .meta { color: #57606a; margin: 0 0 1rem; }
        code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { border-bottom: 1px solid #d0d7de; padding: .45rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .state { display: inline-block; padding: .1rem .5rem; border-radius: 1rem; font-weight: 600; font-size: .8rem; }
        .state-ok { background: #dafbe1; color: #116329; }
        .state-late { background: #fff1c2; color: #7d4e00; }
        .state-held, .state-quarantined { background: #ffebe9; color: #a40e26; }
        .state-never { background: #eaeef2; color: #57606a; }
        .lag-ok { background: #dafbe1; }
        .lag-late { background: #fff1c2; }
        .lag-critical { background: #ffcecb; font-weight: 600; }
        .lag-never { background: #eaeef2; color: #57606a; }
        .unconfigured { color: #a40e26; font-size: .8rem; display: block; }
        ul.files { margin: 0; padding-left: 1rem; }
        ul.files li { margin: .15rem 0; }
        .reason { color: #57606a; }
        svg text { font-size: 11px; fill: #57606a; }
        svg .bar { fill: #0969da; }
        svg .bar-empty { fill: #d0d7de; }
        svg .axis { stroke: #8c959f; }
        svg .grid { stroke: #d0d7de; stroke-dasharray: 3 3; }
        .legend span { margin-right: 1rem; padding: .1rem .4rem; }
        """;

    /// <summary>Writes the page atomically: a reader (or a web server) never sees half a file.</summary>
    public static void Write(ImportStatus status, string path) =>
        AtomicFile.WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Render(status)));

    public static string Render(ImportStatus status)
    {
        var invariant = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        var generated = status.GeneratedUtc.ToString("yyyy-MM-dd HH:mm:ss", invariant);
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine(invariant, $"<html lang=\"{(UiLanguage.IsFrench(UiLanguage.Current) ? "fr" : "en")}\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\" />");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />");
        html.AppendLine(invariant, $"<title>{E(Say(nameof(ImporterMessages.HtmlTitle), generated))}</title>");
        html.Append("<style>").Append(Style).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        html.AppendLine(invariant, $"<h1>{E(Say(nameof(ImporterMessages.HtmlHeading)))}</h1>");
        var time = $"<time datetime=\"{E(status.GeneratedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", invariant))}\">{E(generated)} UTC</time>";
        html.AppendLine(invariant, $"<p class=\"meta\">{Html(nameof(ImporterMessages.HtmlGenerated), time, $"<code>{E(status.Config)}</code>", E(status.Provider))}</p>");
        html.AppendLine(invariant,
            $"<p class=\"legend\">{E(Say(nameof(ImporterMessages.HtmlLegendIntro)))} <span class=\"lag-ok\">{E(Say(nameof(ImporterMessages.StateOk)))}</span><span class=\"lag-late\">{E(Say(nameof(ImporterMessages.HtmlLegendLate), AgeText.Setting(status.Thresholds.LateAfter)))}</span><span class=\"lag-critical\">{E(Say(nameof(ImporterMessages.HtmlLegendCritical), AgeText.Setting(status.Thresholds.CriticalAfter)))}</span><span class=\"lag-never\">{E(Say(nameof(ImporterMessages.StatusNothingApplied)))}</span></p>");
        if (!status.LedgerExists)
        {
            html.AppendLine(invariant, $"<p><strong>{E(Say(nameof(ImporterMessages.StatusNoLedger)))}</strong></p>");
        }

        html.AppendLine(invariant, $"<p class=\"summary\">{E(Summary(status))}</p>");
        html.AppendLine(invariant, $"<h2>{E(Say(nameof(ImporterMessages.HtmlChartHeading), ImportStatusReader.ChartDays))}</h2>");
        html.AppendLine(StatusChart.Overall(Totals(status)));
        html.AppendLine(invariant, $"<h2>{E(Say(nameof(ImporterMessages.HtmlSitesHeading)))}</h2>");
        html.AppendLine("<table>");
        html.Append("<thead><tr>");
        foreach (var column in ColumnHeadings)
        {
            html.Append(invariant, $"<th>{E(Say(column))}</th>");
        }

        html.AppendLine("</tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var site in status.Sites)
        {
            Row(html, site);
        }

        html.AppendLine("</tbody>");
        html.AppendLine("</table>");
        Others(html, status);
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    private static void Row(StringBuilder html, SiteStatus site)
    {
        var invariant = CultureInfo.InvariantCulture;
        var state = site.State.ToString().ToLowerInvariant();
        var lag = site.Lag.ToString().ToLowerInvariant();
        html.Append(invariant, $"<tr data-site=\"{E(site.SiteId)}\" data-state=\"{state}\">");
        html.Append(invariant, $"<td><strong>{E(site.SiteId)}</strong>{(site.Configured ? string.Empty : $"<span class=\"unconfigured\">{E(Say(nameof(ImporterMessages.HtmlNotInServerJson)))}</span>")}</td>");
        html.Append(invariant, $"<td><span class=\"state state-{state}\">{E(StatusWords.State(site.State).Display)}</span></td>");
        if (site.LastApplied is { } last)
        {
            html.Append(invariant, $"<td class=\"num\" title=\"{E(Say(nameof(ImporterMessages.HtmlBundleId), last.File, last.BundleId))}\">{last.Sequence}</td>");
            html.Append(invariant, $"<td><time datetime=\"{last.AppliedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", invariant)}\">{last.AppliedUtc.ToString("yyyy-MM-dd HH:mm:ss", invariant)}</time></td>");
            html.Append(invariant, $"<td class=\"lag lag-{lag}\">{E(AgeText.Ago(TimeSpan.FromSeconds(last.AgeSeconds)))}</td>");
            html.Append(UiLanguage.Current, $"<td class=\"num\">{last.Rows:N0}</td>");
            html.Append(invariant, $"<td>{E(StatusWords.Mode(last.Mode).Display)}</td>");
        }
        else
        {
            html.Append(invariant, $"<td class=\"num\">-</td><td colspan=\"2\" class=\"lag lag-never\">{E(Say(nameof(ImporterMessages.StatusNothingApplied)))}</td><td class=\"num\">-</td><td>-</td>");
        }

        html.Append("<td>").Append(Inbox(site)).Append("</td>");
        html.Append("<td>").Append(Quarantined(site.Quarantined)).Append("</td>");
        html.Append("<td>").Append(StatusChart.Small(site.RowsPerDay)).AppendLine("</td></tr>");
    }

    private static string Inbox(SiteStatus site)
    {
        if (site.Pending.Count == 0 && site.Held.Count == 0)
        {
            return "-";
        }

        var items = new StringBuilder("<ul class=\"files\">");
        foreach (var pending in site.Pending)
        {
            var failing = site.Failing.FirstOrDefault(f => f.File == pending.File);
            if (failing is null)
            {
                items.Append(CultureInfo.InvariantCulture, $"<li><code>{E(pending.File)}</code> <span class=\"reason\">{E(Say(nameof(ImporterMessages.HtmlToApply)))}</span></li>");
            }
            else
            {
                items.Append(CultureInfo.InvariantCulture, $"<li class=\"failing\"><code>{E(pending.File)}</code> <span class=\"reason\">{E(Say(nameof(ImporterMessages.HtmlFailedRuns), failing.Failures, failing.QuarantinedAt, failing.Error))}</span></li>");
            }
        }

        foreach (var held in site.Held)
        {
            items.Append(CultureInfo.InvariantCulture, $"<li class=\"held\"><code>{E(held.File)}</code> <span class=\"reason\">{E(Say(nameof(ImporterMessages.HtmlHeldFor), held.WaitsFor))}</span></li>");
        }

        return items.Append("</ul>").ToString();
    }

    private static string Quarantined(IReadOnlyList<QuarantinedBundle> bundles)
    {
        if (bundles.Count == 0)
        {
            return "-";
        }

        var items = new StringBuilder("<ul class=\"files\">");
        foreach (var bundle in bundles)
        {
            items.Append(CultureInfo.InvariantCulture, $"<li class=\"quarantined\"><code>{E(bundle.File)}</code> <span class=\"reason\">{E(bundle.Reason)}</span></li>");
        }

        return items.Append("</ul>").ToString();
    }

    private static void Others(StringBuilder html, ImportStatus status)
    {
        var receipted = status.Sites.Where(s => s.Configured).ToList();
        if (receipted.Count > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.StatusHtmlHeading)).Display)}</h2>");
            html.Append("<ul class=\"files\">");
            foreach (var site in receipted)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li data-site=\"{E(site.SiteId)}\"><strong>{E(site.SiteId)}</strong> <span class=\"reason\">{E(StatusText.ReceiptLine(site.LastReceipt))}</span></li>");
            }

            html.AppendLine("</ul>");
        }

        if (status.QuarantineUnattributed.Count > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(Say(nameof(ImporterMessages.HtmlUnattributed)))}</h2>");
            html.AppendLine(Quarantined(status.QuarantineUnattributed));
        }

        if (status.InboxUnreadable.Count > 0)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>{E(Say(nameof(ImporterMessages.HtmlUnreadable)))}</h2>");
            html.Append("<ul class=\"files\">");
            foreach (var file in status.InboxUnreadable)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{E(file.File)}</code> <span class=\"reason\">{E(file.Shown?.Display ?? file.Reason)}</span></li>");
            }

            html.AppendLine("</ul>");
        }
    }

    private static string Summary(ImportStatus status)
    {
        var counts = status.Sites.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => Say(nameof(ImporterMessages.HtmlSummaryCount), g.Count(), StatusWords.State(g.Key)));
        return status.Sites.Count == 1
            ? Say(nameof(ImporterMessages.HtmlSummaryOne), string.Join(", ", counts))
            : Say(nameof(ImporterMessages.HtmlSummary), status.Sites.Count, string.Join(", ", counts));
    }

    private static readonly string[] ColumnHeadings =
    [
        nameof(ImporterMessages.HtmlColSite), nameof(ImporterMessages.HtmlColState), nameof(ImporterMessages.HtmlColLastSequence),
        nameof(ImporterMessages.HtmlColApplied), nameof(ImporterMessages.HtmlColAge), nameof(ImporterMessages.HtmlColRows),
        nameof(ImporterMessages.HtmlColMode), nameof(ImporterMessages.HtmlColInbox), nameof(ImporterMessages.HtmlColQuarantined),
        nameof(ImporterMessages.HtmlColRowsPerDay),
    ];

    private static string Say(string key, params object?[] arguments) => ImporterText.Get(key, arguments).Display;

    /// <summary>A message whose arguments are markup already encoded: the message's own words are encoded around them.</summary>
    private static string Html(string key, params string[] markup)
    {
        // Placeholders survive encoding ({0} has nothing to encode), so the text is encoded first, then filled.
        var pattern = E(ImporterText.Get(key, [.. markup.Select((_, i) => (object)$"{{{i}}}")]).Display);
        return string.Format(CultureInfo.InvariantCulture, pattern, markup);
    }

    private static List<DayRows> Totals(ImportStatus status) =>
        Enumerable.Range(0, ImportStatusReader.ChartDays)
            .Select(i => new DayRows(
                status.Sites.Count == 0 ? DateOnly.FromDateTime(status.GeneratedUtc.UtcDateTime).AddDays(i - ImportStatusReader.ChartDays + 1) : status.Sites[0].RowsPerDay[i].Date,
                status.Sites.Sum(s => s.RowsPerDay[i].Rows),
                status.Sites.Sum(s => s.RowsPerDay[i].Bundles)))
            .ToList();

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
