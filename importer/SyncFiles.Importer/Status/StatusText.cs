using System.Globalization;
using System.Text;
using SyncFiles.Importer.Receipts;

namespace SyncFiles.Importer.Status;

/// <summary>The text form of <see cref="ImportStatus"/>: one table line per site, then what needs doing, bundle by bundle.</summary>
public static class StatusText
{
    public static string Render(ImportStatus status)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(invariant, $"Status of {status.Config} at {status.GeneratedUtc:yyyy-MM-dd HH:mm:ss} UTC ({status.Provider}; late after {AgeText.Setting(status.Thresholds.LateAfter)}, critical after {AgeText.Setting(status.Thresholds.CriticalAfter)})");
        if (!status.LedgerExists)
        {
            text.AppendLine("The ledger does not exist yet: nothing has been applied to this database.");
        }

        text.AppendLine();
        var width = Math.Max(4, status.Sites.Select(s => s.SiteId.Length + (s.Configured ? 0 : 1)).DefaultIfEmpty(0).Max());
        text.AppendLine(invariant, $"{"SITE".PadRight(width)}  {"STATE",-11}  {"LAST",8}  {"APPLIED (UTC)",-19}  {"AGE",-18}  {"ROWS",10}  {"MODE",-11}  INBOX");
        foreach (var site in status.Sites)
        {
            var name = (site.SiteId + (site.Configured ? string.Empty : "*")).PadRight(width);
            var state = site.State.ToString().ToLowerInvariant();
            if (site.LastApplied is not { } last)
            {
                text.AppendLine(invariant, $"{name}  {state,-11}  {"-",8}  {"nothing applied yet",-19}  {string.Empty,-18}  {string.Empty,10}  {string.Empty,-11}  {Inbox(site)}");
                continue;
            }

            var age = AgeText.Ago(TimeSpan.FromSeconds(last.AgeSeconds)) + (site.Lag == Lag.Critical ? " !" : string.Empty);
            text.AppendLine(invariant,
                $"{name}  {state,-11}  {last.Sequence,8}  {last.AppliedUtc:yyyy-MM-dd HH:mm:ss}  {age,-18}  {last.Rows,10}  {last.Mode.ToString().ToLowerInvariant(),-11}  {Inbox(site)}");
        }

        if (status.Sites.Count == 0)
        {
            text.AppendLine("(no sites configured)");
        }

        if (status.Sites.Any(s => !s.Configured))
        {
            text.AppendLine("* not in server.json's sites: its bundles are quarantined until it is added.");
        }

        Receipts(text, status);
        var details = Details(status).ToList();
        if (details.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Needs attention:");
            foreach (var line in details)
            {
                text.AppendLine(invariant, $"  {line}");
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

    private static string Inbox(SiteStatus site)
    {
        var parts = new List<string>();
        if (site.Pending.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{site.Pending.Count} to apply"));
        }

        if (site.Held.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{site.Held.Count} held (waits for {site.Held[0].WaitsFor})"));
        }

        if (site.Failing.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{site.Failing.Count} failing ({site.Failing[0].Failures} of {site.Failing[0].QuarantinedAt})"));
        }

        if (site.Quarantined.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{site.Quarantined.Count} quarantined"));
        }

        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    private static IEnumerable<string> Details(ImportStatus status)
    {
        foreach (var site in status.Sites)
        {
            foreach (var held in site.Held)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"held        {held.File}: waits for sequence {held.WaitsFor} of site {site.SiteId}");
            }

            foreach (var failing in site.Failing)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"failing     {failing.File}: failed {failing.Failures} run{(failing.Failures == 1 ? string.Empty : "s")} in a row (quarantined at {failing.QuarantinedAt}), last at {failing.LastFailedUtc:yyyy-MM-dd HH:mm:ss} UTC: {failing.Error}");
            }

            foreach (var quarantined in site.Quarantined)
            {
                yield return $"quarantined {quarantined.File}: {quarantined.Reason}";
            }

            if (site.Lag == Lag.Critical && site.LastApplied is { } last)
            {
                yield return $"critical    {site.SiteId}: last bundle applied {AgeText.Ago(TimeSpan.FromSeconds(last.AgeSeconds))}";
            }
        }

        foreach (var quarantined in status.QuarantineUnattributed)
        {
            yield return $"quarantined {quarantined.File}: {quarantined.Reason}";
        }

        foreach (var unreadable in status.InboxUnreadable)
        {
            yield return $"unreadable  {unreadable.File}: {unreadable.Reason}";
        }
    }
}
