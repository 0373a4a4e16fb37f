using System.Globalization;
using System.Text;
using SyncFiles.Importer.Receipts;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Status;

/// <summary>
/// The text form of <see cref="ImportStatus"/>: one table line per site, then what needs doing, bundle
/// by bundle, in the reader's language (dates and file names stay as they are in every language).
/// </summary>
public static class StatusText
{
    public static string Render(ImportStatus status)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Say(
            nameof(ImporterMessages.StatusTitle),
            status.Config,
            status.GeneratedUtc.ToString("yyyy-MM-dd HH:mm:ss", invariant),
            status.Provider,
            AgeText.Setting(status.Thresholds.LateAfter),
            AgeText.Setting(status.Thresholds.CriticalAfter)));
        if (!status.LedgerExists)
        {
            text.AppendLine(Say(nameof(ImporterMessages.StatusNoLedger)));
        }

        text.AppendLine();
        var nothingApplied = Say(nameof(ImporterMessages.StatusNothingApplied));
        var rows = status.Sites.Select(site => Row(site, nothingApplied)).ToList();
        string[] headings =
        [
            Say(nameof(ImporterMessages.StatusColSite)), Say(nameof(ImporterMessages.StatusColState)), Say(nameof(ImporterMessages.StatusColLast)),
            Say(nameof(ImporterMessages.StatusColApplied)), Say(nameof(ImporterMessages.StatusColAge)), Say(nameof(ImporterMessages.StatusColRows)),
            Say(nameof(ImporterMessages.StatusColMode)), Say(nameof(ImporterMessages.StatusColInbox)),
        ];

        // Each column as wide as its widest cell, so the words of any language line up.
        int[] minimum = [4, 11, 8, 19, 18, 10, 11, 0];
        var widths = headings.Select((h, i) => Math.Max(minimum[i], rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        bool[] right = [false, false, true, false, false, true, false, false];
        text.AppendLine(Line(headings, widths, right));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row, widths, right));
        }

        if (status.Sites.Count == 0)
        {
            text.AppendLine(Say(nameof(ImporterMessages.StatusNoSites)));
        }

        if (status.Sites.Any(s => !s.Configured))
        {
            text.AppendLine(Say(nameof(ImporterMessages.StatusUnconfigured)));
        }

        Receipts(text, status);
        var details = Details(status).ToList();
        if (details.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(Say(nameof(ImporterMessages.StatusNeedsAttention)));
            var width = Math.Max(11, details.Max(d => d.Kind.Length));
            foreach (var (kind, line) in details)
            {
                text.AppendLine(invariant, $"  {kind.PadRight(width)} {line}");
            }
        }

        return text.ToString();
    }

    /// <summary>When head office last told each site what it applied (docs/operations.md, "Receipts").</summary>
    private static void Receipts(StringBuilder text, ImportStatus status)
    {
        var sites = status.Sites.Where(s => s.Configured).ToList();
        if (sites.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.StatusHeading)).Display);
        foreach (var site in sites)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {site.SiteId}: {ReceiptLine(site.LastReceipt)}");
        }
    }

    public static string ReceiptLine(LastReceipt? receipt) => (receipt is null
        ? HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.StatusNone))
        : HeadOfficeReceiptText.Get(nameof(HeadOfficeReceiptMessages.StatusLine), receipt.Counter, receipt.WrittenUtc.UtcDateTime, AgeText.Ago(TimeSpan.FromSeconds(receipt.AgeSeconds)), receipt.AppliedThrough, receipt.Path)).Display;

    private static string[] Row(SiteStatus site, string nothingApplied)
    {
        var name = site.SiteId + (site.Configured ? string.Empty : "*");
        var state = StatusWords.State(site.State).Display;
        if (site.LastApplied is not { } last)
        {
            return [name, state, "-", nothingApplied, string.Empty, string.Empty, string.Empty, Inbox(site)];
        }

        var invariant = CultureInfo.InvariantCulture;
        var age = AgeText.Ago(TimeSpan.FromSeconds(last.AgeSeconds)) + (site.Lag == Lag.Critical ? " !" : string.Empty);
        return
        [
            name, state, last.Sequence.ToString(invariant), last.AppliedUtc.ToString("yyyy-MM-dd HH:mm:ss", invariant), age,
            last.Rows.ToString(invariant), StatusWords.Mode(last.Mode).Display, Inbox(site),
        ];
    }

    private static string Line(string[] cells, int[] widths, bool[] right)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(i == cells.Length - 1 ? cells[i] : right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        return line.ToString();
    }

    private static string Inbox(SiteStatus site)
    {
        var parts = new List<string>();
        if (site.Pending.Count > 0)
        {
            parts.Add(Say(nameof(ImporterMessages.StatusInboxToApply), site.Pending.Count));
        }

        if (site.Held.Count > 0)
        {
            parts.Add(Say(nameof(ImporterMessages.StatusInboxHeld), site.Held.Count, site.Held[0].WaitsFor));
        }

        if (site.Failing.Count > 0)
        {
            parts.Add(Say(nameof(ImporterMessages.StatusInboxFailing), site.Failing.Count, site.Failing[0].Failures, site.Failing[0].QuarantinedAt));
        }

        if (site.Quarantined.Count > 0)
        {
            parts.Add(Say(nameof(ImporterMessages.StatusInboxQuarantined), site.Quarantined.Count));
        }

        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    private static IEnumerable<(string Kind, string Line)> Details(ImportStatus status)
    {
        var invariant = CultureInfo.InvariantCulture;
        var quarantined = Say(nameof(ImporterMessages.StateQuarantined));
        foreach (var site in status.Sites)
        {
            foreach (var held in site.Held)
            {
                yield return (Say(nameof(ImporterMessages.StateHeld)), Say(nameof(ImporterMessages.StatusDetailHeld), held.File, held.WaitsFor, site.SiteId));
            }

            foreach (var failing in site.Failing)
            {
                var last = failing.LastFailedUtc.ToString("yyyy-MM-dd HH:mm:ss", invariant);
                yield return (Say(nameof(ImporterMessages.StateFailing)), failing.Failures == 1
                    ? Say(nameof(ImporterMessages.StatusDetailFailingOne), failing.File, failing.QuarantinedAt, last, failing.Error)
                    : Say(nameof(ImporterMessages.StatusDetailFailing), failing.File, failing.Failures, failing.QuarantinedAt, last, failing.Error));
            }

            foreach (var bundle in site.Quarantined)
            {
                yield return (quarantined, $"{bundle.File}{Colon()}{bundle.Reason}");
            }

            if (site.Lag == Lag.Critical && site.LastApplied is { } applied)
            {
                yield return (Say(nameof(ImporterMessages.StateCritical)), Say(nameof(ImporterMessages.StatusDetailCritical), site.SiteId, AgeText.Ago(TimeSpan.FromSeconds(applied.AgeSeconds))));
            }
        }

        foreach (var bundle in status.QuarantineUnattributed)
        {
            yield return (quarantined, $"{bundle.File}{Colon()}{bundle.Reason}");
        }

        foreach (var unreadable in status.InboxUnreadable)
        {
            yield return (Say(nameof(ImporterMessages.StateUnreadable)), $"{unreadable.File}{Colon()}{unreadable.Shown?.Display ?? unreadable.Reason}");
        }
    }

    /// <summary>": " in English, " : " in French.</summary>
    private static string Colon() => Say(nameof(ImporterMessages.StatusFileReason), string.Empty, string.Empty);

    private static string Say(string key, params object?[] arguments) => ImporterText.Get(key, arguments).Display;
}
