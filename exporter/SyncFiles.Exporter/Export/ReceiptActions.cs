using Serilog;
using SyncFiles.Common.Receipts;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Acts on a new receipt: puts back into the outbox, byte for byte from the archive with its
/// signature, the bundle head office waits for and every bundle it quarantined as damaged on the
/// way (while still unapplied). A bundle refused for its content is not resent: it would be
/// refused again, so head office must act. Runs once per receipt; the result is recorded.
/// </summary>
public sealed class ReceiptActions
{
    private readonly BundleArchive _archive;
    private readonly Outbox _outbox;
    private readonly string _siteId;
    private readonly ILogger _log;

    public ReceiptActions(BundleArchive archive, Outbox outbox, string siteId, ILogger log)
    {
        _archive = archive;
        _outbox = outbox;
        _siteId = siteId;
        _log = log;
    }

    /// <summary>The sequences a receipt asks for again: what head office waits for and what came damaged, unless refused for content or applied.</summary>
    public static IReadOnlyList<long> ToResend(Receipt receipt)
    {
        var applied = receipt.Applied.Select(a => a.Sequence).ToHashSet();
        var refused = receipt.Quarantined.Where(q => !IsTransport(q)).Select(q => q.Sequence).ToHashSet();
        var wanted = receipt.Quarantined.Where(IsTransport).Select(q => q.Sequence).ToList();
        if (receipt.WaitingFor is { } waitingFor)
        {
            wanted.Add(waitingFor);
        }

        return wanted
            .Where(sequence => sequence > receipt.AppliedThrough && !applied.Contains(sequence) && !refused.Contains(sequence))
            .Distinct()
            .Order()
            .ToList();
    }

    public static bool IsTransport(ReceiptQuarantinedBundle quarantined) => quarantined.Damage == DamageKind.Transport;

    public AcceptedReceipt Act(ReceiptVerdict verdict, DateTimeOffset now)
    {
        var receipt = verdict.Receipt!;
        var resent = new List<long>();
        var notInArchive = new List<long>();
        foreach (var sequence in ToResend(receipt))
        {
            var archived = _archive.Find(_siteId, sequence);
            if (archived is null)
            {
                notInArchive.Add(sequence);
                continue;
            }

            var why = receipt.Quarantined.FirstOrDefault(q => q.Sequence == sequence) is { } damaged
                ? $"head office quarantined it as damaged on the way: {damaged.Reason}"
                : "head office waits for it (it never arrived)";
            if (BundleFolder.CopyInto(archived, _outbox.Directory))
            {
                _log.Warning("Receipt {Counter}: put bundle {Sequence} back in the outbox from the archive; {Why}", receipt.Counter, sequence, why);
            }
            else
            {
                _log.Information("Receipt {Counter}: bundle {Sequence} is still in the outbox, waiting for the courier; {Why}", receipt.Counter, sequence, why);
            }

            resent.Add(sequence);
        }

        if (notInArchive.Count > 0)
        {
            _log.Error(
                "Receipt {Counter}: head office needs bundle(s) {Missing}, which the archive {Archive} no longer holds; nothing can heal that by itself. Run 'syncfiles-export run --config <site.json> --full' (head office applies a full bundle over the gap)",
                receipt.Counter,
                BundleResend.Ranges(notInArchive),
                _archive.Directory);
        }

        foreach (var refused in receipt.Quarantined.Where(q => !IsTransport(q) && q.Sequence > receipt.AppliedThrough))
        {
            _log.Warning("Receipt {Counter}: head office refused bundle {Sequence} for its content and will not apply it until it acts: {Reason}. It is not resent (it would be refused again)", receipt.Counter, refused.Sequence, refused.Reason);
        }

        return new AcceptedReceipt
        {
            Counter = receipt.Counter,
            FileSha256 = verdict.FileSha256!,
            HeadOffice = receipt.HeadOffice,
            WrittenAt = receipt.WrittenAt,
            AcceptedAt = now,
            Verified = verdict.Verified,
            AppliedThrough = receipt.AppliedThrough,
            WaitingFor = receipt.WaitingFor,
            Held = receipt.Held,
            Quarantined = receipt.Quarantined
                .Where(q => q.Sequence > receipt.AppliedThrough)
                .Select(q => new QuarantinedBundle(q.Sequence, q.File, q.Reason, IsTransport(q), q.At))
                .ToList(),
            Resent = resent,
            NotInArchive = notInArchive,
        };
    }
}
