using SyncFiles.Common.Bundle;
using SyncFiles.Common.Receipts;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Status;

namespace SyncFiles.Importer.Receipts;

/// <summary>
/// Builds one site's receipt body from what head office knows after a run: the ledger's highest
/// sequence (bundles are applied strictly in order, and a full bundle over a gap covers what it
/// skipped, so that is "applied with no gap below it"), this run's outcomes, and quarantine/.
/// </summary>
public static class ReceiptBuilder
{
    public static Receipt Build(
        string siteId,
        string headOffice,
        DateTimeOffset now,
        long counter,
        long appliedThrough,
        IEnumerable<BundleOutcome> runOutcomes,
        IEnumerable<(string? SiteId, QuarantinedBundle Bundle, DateTimeOffset At)> quarantine)
    {
        var mine = runOutcomes.Where(o => string.Equals(o.SiteId, siteId, StringComparison.OrdinalIgnoreCase) && o.Sequence > 0).ToList();
        var applied = mine
            .Where(o => o.Kind is BundleOutcomeKind.Applied or BundleOutcomeKind.Duplicate or BundleOutcomeKind.Superseded)
            .Select(o => new ReceiptAppliedBundle
            {
                Sequence = o.Sequence,

                // Superseded: its rows came in a full bundle already applied; to the site it is as good as applied.
                Outcome = o.Kind == BundleOutcomeKind.Applied ? ReceiptOutcome.Applied : ReceiptOutcome.Duplicate,
                At = now,
            })
            .TakeLast(ReceiptFile.MaxListEntries)
            .ToList();
        var held = mine.Where(o => o.Kind == BundleOutcomeKind.Held).ToList();
        return new Receipt
        {
            Format = Receipt.CurrentFormat,
            Site = siteId,
            HeadOffice = headOffice,
            WrittenAt = now,
            Counter = counter,
            AppliedThrough = appliedThrough,
            Applied = applied,
            Held = held.Select(o => o.Sequence).Distinct().Order().Take(ReceiptFile.MaxListEntries).ToList(),
            WaitingFor = held.Count == 0 ? null : held.Min(o => o.WaitingFor),
            Quarantined = Quarantined(siteId, appliedThrough, quarantine),
        };
    }

    /// <summary>
    /// The site's bundles in quarantine not applied since (one per sequence, the latest filed). A
    /// file the importer could not attribute (its manifest unreadable) is the site's when its name
    /// says so and it was damaged on the way: asking the site to resend a sequence is harmless,
    /// so a name is trusted that far, never further.
    /// </summary>
    private static List<ReceiptQuarantinedBundle> Quarantined(string siteId, long appliedThrough, IEnumerable<(string? SiteId, QuarantinedBundle Bundle, DateTimeOffset At)> quarantine)
    {
        var found = new List<ReceiptQuarantinedBundle>();
        foreach (var (site, bundle, at) in quarantine)
        {
            long sequence;
            if (site is not null)
            {
                if (!string.Equals(site, siteId, StringComparison.OrdinalIgnoreCase) || bundle.Sequence is not { } attributed)
                {
                    continue;
                }

                sequence = attributed;
            }
            else if (bundle.Damage != "transport" || !BundleFileName.TryParse(bundle.File, out var named, out sequence) || !string.Equals(named, siteId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (sequence <= appliedThrough)
            {
                continue;
            }

            found.Add(new ReceiptQuarantinedBundle
            {
                Sequence = sequence,
                File = bundle.File,
                Reason = bundle.Reason.ReplaceLineEndings(" "),
                Damage = bundle.Damage == "transport" ? DamageKind.Transport : DamageKind.Content,
                At = at,
            });
        }

        return found
            .GroupBy(q => q.Sequence)
            .Select(g => g.MaxBy(q => q.At)!)
            .OrderBy(q => q.Sequence)
            .Take(ReceiptFile.MaxListEntries)
            .ToList();
    }
}
