using System.Globalization;
using System.Text;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The receipt side of <c>syncfiles-export status</c>: what head office last acknowledged, what is
/// in flight, what it waits for, what it quarantined and why, and what needs a person. Read from
/// the acknowledgement state file and the archive; the receipts folder itself is read by <c>run</c>.
/// </summary>
public sealed record ReceiptStatus(
    string ConfigPath,
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
    bool Expected,
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
        var expected = accepted is not null || settings.ExpectsReceipts;
        var appliedThrough = accepted?.AppliedThrough ?? 0;
        return new ReceiptStatus(
            settings.ConfigPath,
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
            expected,
            settings.Config.AckWarnAfter,
            expected ? UnacknowledgedBundles.Find(archive, settings.Config.SiteId, appliedThrough, lastSequence, settings.AckWarnAfter, now) : [],
            known?.Ignored);
    }

    /// <summary>Each problem a person must look at, one line each, in English (the JSON's <c>warnings</c>).</summary>
    public IReadOnlyList<string> Warnings() => [.. WarningTexts().Select(w => w.English)];

    /// <summary>Each problem a person must look at: content refusals first, then the rest.</summary>
    public IReadOnlyList<LocalizedText> WarningTexts() =>
        [.. Quarantined.Where(q => !q.Transport).Select(refused => ReceiptText.Get(nameof(ReceiptMessages.WarnContentRefused), refused.Sequence, LocalizedText.Untranslated(refused.Reason))), .. OtherWarnings()];

    /// <summary>The warnings other than content refusals (which the text shows as quarantine lines).</summary>
    private List<LocalizedText> OtherWarnings()
    {
        var warnings = new List<LocalizedText>();
        if (Unacknowledged.Count > 0)
        {
            warnings.Add(ReceiptText.Get(nameof(ReceiptMessages.WarnUnacknowledged), BundleResend.Ranges(Unacknowledged.Select(u => u.Sequence).ToList()), AckWarnAfter, Unacknowledged[0].PublishedAt.UtcDateTime));
        }

        if (NotInArchive.Count > 0)
        {
            warnings.Add(ReceiptText.Get(nameof(ReceiptMessages.WarnNotInArchive), BundleResend.Ranges(NotInArchive), ConfigPath));
        }

        if (LastIgnored is { } ignored)
        {
            warnings.Add(ReceiptText.Get(nameof(ReceiptMessages.WarnIgnored), Folder, ignored.At.UtcDateTime, LocalizedText.Untranslated(ignored.Reason)));
        }

        return warnings;
    }

    /// <summary>The receipt lines of the status text, in the user's language.</summary>
    public void AppendText(StringBuilder text, CultureInfo language, bool colour)
    {
        void Line(string key, params object?[] arguments) => text.AppendLine(ReceiptText.Get(key, arguments).In(language));

        Line(VerifiedByKey ? nameof(ReceiptMessages.StatusReceiptsVerified) : nameof(ReceiptMessages.StatusReceiptsUnverified), Folder);
        if (AppliedThrough is not { } applied)
        {
            Line(Expected ? nameof(ReceiptMessages.StatusNoReceiptYet) : nameof(ReceiptMessages.StatusNoReceipt));
        }
        else
        {
            Line(nameof(ReceiptMessages.StatusAppliedUpTo), applied, ReceiptWrittenAt?.UtcDateTime, HeadOffice, Counter);
            if (InFlight is { } flying)
            {
                Line(nameof(ReceiptMessages.StatusInFlight), flying.ToString());
            }
            else
            {
                Line(nameof(ReceiptMessages.StatusInFlightNone));
            }

            if (WaitingFor is { } waiting)
            {
                var what = ReceiptText.Get(Resent.Contains(waiting) ? nameof(ReceiptMessages.WaitResent) : NotInArchive.Contains(waiting) ? nameof(ReceiptMessages.WaitNotArchived) : nameof(ReceiptMessages.WaitNotResent));
                if (Held.Count == 0)
                {
                    Line(nameof(ReceiptMessages.StatusWaitingFor), waiting, what);
                }
                else
                {
                    Line(nameof(ReceiptMessages.StatusWaitingForHeld), waiting, what, BundleResend.Ranges(Held));
                }
            }

            foreach (var quarantined in Quarantined)
            {
                var key = !quarantined.Transport ? nameof(ReceiptMessages.StatusQuarantinedContent)
                    : Resent.Contains(quarantined.Sequence) ? nameof(ReceiptMessages.StatusQuarantinedResent)
                    : nameof(ReceiptMessages.StatusQuarantinedNotResent);
                var line = ReceiptText.Get(key, quarantined.Sequence, LocalizedText.Untranslated(quarantined.Reason)).In(language);
                text.AppendLine(colour && !quarantined.Transport ? Red + line + Reset : line);
            }
        }

        foreach (var warning in OtherWarnings())
        {
            Line(nameof(ReceiptMessages.StatusWarning), warning);
        }
    }
}

/// <summary>Sequences from..to, both included.</summary>
public sealed record SequenceRange(long From, long To)
{
    public override string ToString() => From == To ? From.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{From}..{To}");
}
