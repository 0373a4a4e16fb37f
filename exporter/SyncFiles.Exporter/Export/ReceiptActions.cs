using Serilog;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Text;

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
    private readonly string _configPath;
    private readonly ILogger _log;

    public ReceiptActions(BundleArchive archive, Outbox outbox, string siteId, string configPath, ILogger log)
    {
        _configPath = configPath;
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

            if (!BundleFolder.CopyInto(archived, _outbox.Directory))
            {
                _log.Information(ReceiptText.Get(nameof(ReceiptMessages.ReceiptStillInOutbox), receipt.Counter, sequence));
            }
            else if (receipt.Quarantined.FirstOrDefault(q => q.Sequence == sequence) is { } damaged)
            {
                _log.Warning(ReceiptText.Get(nameof(ReceiptMessages.ReceiptResentDamaged), receipt.Counter, sequence, LocalizedText.Untranslated(damaged.Reason)));
            }
            else
            {
                _log.Warning(ReceiptText.Get(nameof(ReceiptMessages.ReceiptResentWaiting), receipt.Counter, sequence));
            }

            resent.Add(sequence);
        }

        if (notInArchive.Count > 0)
        {
            _log.Error(ReceiptText.Get(nameof(ReceiptMessages.ReceiptNotInArchive), receipt.Counter, BundleResend.Ranges(notInArchive), _archive.Directory, _configPath));
        }

        foreach (var refused in receipt.Quarantined.Where(q => !IsTransport(q) && q.Sequence > receipt.AppliedThrough))
        {
            _log.Warning(ReceiptText.Get(nameof(ReceiptMessages.ReceiptContentRefused), receipt.Counter, refused.Sequence, LocalizedText.Untranslated(refused.Reason)));
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
