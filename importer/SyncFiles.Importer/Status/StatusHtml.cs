using System.Globalization;
using System.Net;
using System.Text;
using SyncFiles.Common.IO;
using SyncFiles.Importer.Receipts;

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
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\" />");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />");
        html.AppendLine(invariant, $"<title>SyncFiles status, {E(generated)} UTC</title>");
        html.Append("<style>").Append(Style).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");
        html.AppendLine("<h1>SyncFiles import status</h1>");
        html.AppendLine(invariant,
            $"<p class=\"meta\">Generated <time datetime=\"{E(status.GeneratedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", invariant))}\">{E(generated)} UTC</time> from <code>{E(status.Config)}</code> ({E(status.Provider)}).</p>");
        html.AppendLine(invariant,
            $"<p class=\"legend\">Age of the last applied bundle: <span class=\"lag-ok\">ok</span><span class=\"lag-late\">late after {E(AgeText.Setting(status.Thresholds.LateAfter))}</span><span class=\"lag-critical\">critical after {E(AgeText.Setting(status.Thresholds.CriticalAfter))}</span><span class=\"lag-never\">nothing applied yet</span></p>");
        if (!status.LedgerExists)
        {
            html.AppendLine("<p><strong>The ledger does not exist yet: nothing has been applied to this database.</strong></p>");
        }

        html.AppendLine(invariant, $"<p class=\"summary\">{E(Summary(status))}</p>");
        html.AppendLine(invariant, $"<h2>Rows applied per day, all sites (last {ImportStatusReader.ChartDays} days, UTC)</h2>");
        html.AppendLine(StatusChart.Overall(Totals(status)));
        html.AppendLine("<h2>Sites</h2>");
        html.AppendLine("<table>");
        html.AppendLine("<thead><tr><th>Site</th><th>State</th><th>Last sequence</th><th>Applied (UTC)</th><th>Age</th><th>Rows (last bundle)</th><th>Mode</th><th>Inbox</th><th>Quarantined</th><th>Rows per day</th></tr></thead>");
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
        html.Append(invariant, $"<td><strong>{E(site.SiteId)}</strong>{(site.Configured ? string.Empty : "<span class=\"unconfigured\">not in server.json</span>")}</td>");
        html.Append(invariant, $"<td><span class=\"state state-{state}\">{state}</span></td>");
        if (site.LastApplied is { } last)
        {
            html.Append(invariant, $"<td class=\"num\" title=\"{E(last.File)}, bundle id {last.BundleId}\">{last.Sequence}</td>");
            html.Append(invariant, $"<td><time datetime=\"{last.AppliedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", invariant)}\">{last.AppliedUtc.ToString("yyyy-MM-dd HH:mm:ss", invariant)}</time></td>");
            html.Append(invariant, $"<td class=\"lag lag-{lag}\">{E(AgeText.Ago(TimeSpan.FromSeconds(last.AgeSeconds)))}</td>");
            html.Append(invariant, $"<td class=\"num\">{last.Rows:N0}</td>");
            html.Append(invariant, $"<td>{last.Mode.ToString().ToLowerInvariant()}</td>");
        }
        else
        {
            html.Append("<td class=\"num\">-</td><td colspan=\"2\" class=\"lag lag-never\">nothing applied yet</td><td class=\"num\">-</td><td>-</td>");
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
                items.Append(CultureInfo.InvariantCulture, $"<li><code>{E(pending.File)}</code> <span class=\"reason\">to apply</span></li>");
            }
            else
            {
                items.Append(CultureInfo.InvariantCulture, $"<li class=\"failing\"><code>{E(pending.File)}</code> <span class=\"reason\">failed {failing.Failures} of {failing.QuarantinedAt} runs: {E(failing.Error)}</span></li>");
            }
        }

        foreach (var held in site.Held)
        {
            items.Append(CultureInfo.InvariantCulture, $"<li class=\"held\"><code>{E(held.File)}</code> <span class=\"reason\">held: waits for sequence {held.WaitsFor}</span></li>");
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
            html.AppendLine("<h2>Quarantined, no site in the name</h2>");
            html.AppendLine(Quarantined(status.QuarantineUnattributed));
        }

        if (status.InboxUnreadable.Count > 0)
        {
            html.AppendLine("<h2>Unreadable in the inbox</h2>");
            html.Append("<ul class=\"files\">");
            foreach (var file in status.InboxUnreadable)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{E(file.File)}</code> <span class=\"reason\">{E(file.Reason)}</span></li>");
            }

            html.AppendLine("</ul>");
        }
    }

    private static string Summary(ImportStatus status)
    {
        var counts = status.Sites.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        return string.Create(CultureInfo.InvariantCulture, $"{status.Sites.Count} site{(status.Sites.Count == 1 ? string.Empty : "s")}: {string.Join(", ", counts)}.");
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
