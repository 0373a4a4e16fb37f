using System.Globalization;
using System.Text;
using SyncFiles.Exporter.Config;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The receipt side of <c>syncfiles-export status</c>: what head office last acknowledged, what is
/// in flight, what it waits for, what it quarantined and why, and what needs a person. Read from
/// the acknowledgement state file and the archive; the receipts folder itself is read by <c>run</c>.
/// </summary>
public sealed record ReceiptStatus(
    string Folder,
    bool VerifiedByKey,
    string? HeadOffice,
    long? Counter,
    DateTimeOffset? ReceiptWrittenAt,
    long? AppliedThrough,
    SequenceRange? InFlight,
    long? WaitingFor,
    IReadOnlyList<long> Held,
    IReadOnlyList<QuarantinedBundle> Quarantined,
    IReadOnlyList<long> Resent,
    IReadOnlyList<long> NotInArchive,
    string AckWarnAfter,
    IReadOnlyList<UnacknowledgedBundles.Overdue> Unacknowledged,
    IgnoredReceipt? LastIgnored)
{
    private const string Red = "\u001b[31m";
    private const string Reset = "\u001b[0m";

    public static ReceiptStatus Read(SiteSettings settings, BundleArchive archive, long lastSequence, DateTimeOffset now)
    {
        var known = new AcknowledgementStore(settings.StateFilePath).Load();
        var accepted = known?.Accepted;
        var expected = accepted is not null || settings.HeadOfficeKeyPath is not null;
        var appliedThrough = accepted?.AppliedThrough ?? 0;
        return new ReceiptStatus(
            settings.ReceiptsDirectory,
            settings.HeadOfficeKeyPath is not null,
            accepted?.HeadOffice,
            accepted?.Counter,
            accepted?.WrittenAt,
            accepted?.AppliedThrough,
            accepted is null || lastSequence <= appliedThrough ? null : new SequenceRange(appliedThrough + 1, lastSequence),
            accepted?.WaitingFor,
            accepted?.Held ?? [],
            accepted?.Quarantined ?? [],
            accepted?.Resent ?? [],
            accepted?.NotInArchive ?? [],
            settings.Config.AckWarnAfter,
            expected ? UnacknowledgedBundles.Find(archive, settings.Config.SiteId, appliedThrough, lastSequence, settings.AckWarnAfter, now) : [],
            known?.Ignored);
    }

    /// <summary>Each problem a person must look at, one line each.</summary>
    public IReadOnlyList<string> Warnings() =>
        [.. Quarantined.Where(q => !q.Transport).Select(refused => string.Create(CultureInfo.InvariantCulture, $"bundle {refused.Sequence} refused by head office for its content: {refused.Reason} (not resent; head office must act)")), .. OtherWarnings()];

    /// <summary>The warnings other than content refusals (which the text shows as quarantine lines).</summary>
    private List<string> OtherWarnings()
    {
        var warnings = new List<string>();
        if (Unacknowledged.Count > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"bundle(s) {BundleResend.Ranges(Unacknowledged.Select(u => u.Sequence).ToList())} not acknowledged by head office for more than {AckWarnAfter} (the oldest published {Unacknowledged[0].PublishedAt:yyyy-MM-dd HH:mm} UTC): check the courier, the share and head office's importer"));
        }

        if (NotInArchive.Count > 0)
        {
            warnings.Add($"head office needs bundle(s) {BundleResend.Ranges(NotInArchive)}, which the archive no longer holds: run 'syncfiles-export run --config <site.json> --full'");
        }

        if (LastIgnored is { } ignored)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"the receipt in {Folder} was ignored ({ignored.At:yyyy-MM-dd HH:mm} UTC): {ignored.Reason}"));
        }

        return warnings;
    }

    public void AppendText(StringBuilder text, bool colour)
    {
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"Receipts:       {Folder} ({(VerifiedByKey ? "only receipts signed with headOfficeKey are accepted" : "not verified: no headOfficeKey in site.json, signed and unsigned receipts are accepted")})");
        if (AppliedThrough is not { } applied)
        {
            text.AppendLine("Head office:    no receipt accepted yet (the archive is kept by age and count)");
        }
        else
        {
            text.AppendLine(invariant, $"Head office:    applied up to {applied} (receipt of {ReceiptWrittenAt:yyyy-MM-dd HH:mm} from {HeadOffice}, number {Counter})");
            text.AppendLine(invariant, $"In flight:      {(InFlight is { } flying ? $"{flying} (published, not yet acknowledged)" : "none")}");
            if (WaitingFor is { } waiting)
            {
                var held = Held.Count == 0 ? string.Empty : $"; it holds {BundleResend.Ranges(Held)} until then";
                var resent = Resent.Contains(waiting) ? "put back in the outbox" : NotInArchive.Contains(waiting) ? "no longer archived" : "not resent";
                text.AppendLine(invariant, $"Waiting for:    {waiting} ({resent}{held})");
            }

            foreach (var quarantined in Quarantined)
            {
                var line = quarantined.Transport
                    ? $"Quarantined:    {quarantined.Sequence} damaged on the way, {(Resent.Contains(quarantined.Sequence) ? "resent" : "not resent")}: {quarantined.Reason}"
                    : $"Quarantined:    {quarantined.Sequence} REFUSED for its content, not resent (head office must act): {quarantined.Reason}";
                text.AppendLine(colour && !quarantined.Transport ? Red + line + Reset : line);
            }
        }

        foreach (var warning in OtherWarnings())
        {
            text.AppendLine(invariant, $"Warning:        {warning}");
        }
    }
}

/// <summary>Sequences from..to, both included.</summary>
public sealed record SequenceRange(long From, long To)
{
    public override string ToString() => From == To ? From.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{From}..{To}");
}
