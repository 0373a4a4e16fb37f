using System.Security.Cryptography;
using SyncFiles.Common.Receipts;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The site's receipt from head office, <c>&lt;SITE&gt;.receipt.json</c> in the receipts folder,
/// judged before anything acts on it: a receipt that is forged, unsigned while a key is required,
/// damaged, for another site, replayed (a counter not above the last one accepted) or
/// acknowledging bundles this site never made is ignored, so it can neither make the site resend
/// nor let it forget anything.
/// </summary>
public sealed class ReceiptInbox
{
    private readonly string _siteId;
    private readonly ECDsa? _headOfficeKey;

    /// <param name="headOfficeKey">Head office's public key; null: signed and unsigned receipts are accepted unverified.</param>
    public ReceiptInbox(string directory, string siteId, ECDsa? headOfficeKey)
    {
        _siteId = siteId;
        _headOfficeKey = headOfficeKey;
        Path = System.IO.Path.Combine(directory, Receipt.FileNameFor(siteId));
    }

    /// <summary>The receipt file head office replaces after every run.</summary>
    public string Path { get; }

    /// <param name="accepted">The last receipt accepted, if any.</param>
    /// <param name="newestSequence">The newest bundle this site has made.</param>
    public ReceiptVerdict Check(AcceptedReceipt? accepted, long newestSequence)
    {
        if (!File.Exists(Path))
        {
            return ReceiptVerdict.None;
        }

        // Read once, then hashed and checked: head office may replace the file between two readings.
        var contents = ReceiptFile.ReadContents(Path);
        var sha256 = contents.Sha256;
        if (accepted?.FileSha256 == sha256)
        {
            // Head office has written no new receipt since: nothing new to act on.
            return ReceiptVerdict.Seen;
        }

        var read = ReceiptFile.Check(contents, _headOfficeKey);
        // ReceiptFile says in one line why a receipt cannot be trusted (forged, altered, unsigned
        // while headOfficeKey is set, damaged, too large).
        var problem = read.Receipt is null
            ? read.Status == ReceiptReadStatus.WrongKey
                ? ReceiptText.Get(nameof(ReceiptMessages.ReceiptWrongKey), read.ReasonText)
                : read.ReasonText ?? LocalizedText.Untranslated(read.Status.ToString())
            : null;
        if (problem is not null)
        {
            return ReceiptVerdict.Ignored(sha256, problem);
        }

        var receipt = read.Receipt!;
        if (!string.Equals(receipt.Site, _siteId, StringComparison.Ordinal))
        {
            return ReceiptVerdict.Ignored(sha256, ReceiptText.Get(nameof(ReceiptMessages.ReceiptForOtherSite), receipt.Site, _siteId));
        }

        if (accepted is not null && receipt.Counter <= accepted.Counter)
        {
            return ReceiptVerdict.Ignored(sha256, ReceiptText.Get(nameof(ReceiptMessages.ReceiptReplayed), receipt.Counter, accepted.Counter, accepted.WrittenAt.UtcDateTime));
        }

        if (receipt.AppliedThrough > newestSequence || receipt.WaitingFor > newestSequence)
        {
            return ReceiptVerdict.Ignored(sha256, ReceiptText.Get(nameof(ReceiptMessages.ReceiptBeyondNewest), Math.Max(receipt.AppliedThrough, receipt.WaitingFor ?? 0), newestSequence));
        }

        return ReceiptVerdict.New(receipt, sha256, verified: _headOfficeKey is not null && read.Status == ReceiptReadStatus.Ok);
    }
}

/// <summary>What the receipts folder held: nothing, the receipt already acted on, one to ignore, or a new one.</summary>
public sealed record ReceiptVerdict(ReceiptVerdictKind Kind, Receipt? Receipt, string? FileSha256, bool Verified, LocalizedText? Reason)
{
    public static readonly ReceiptVerdict None = new(ReceiptVerdictKind.None, null, null, false, null);

    public static readonly ReceiptVerdict Seen = new(ReceiptVerdictKind.Seen, null, null, false, null);

    public static ReceiptVerdict Ignored(string sha256, LocalizedText reason) => new(ReceiptVerdictKind.Ignored, null, sha256, false, reason);

    public static ReceiptVerdict New(Receipt receipt, string sha256, bool verified) => new(ReceiptVerdictKind.New, receipt, sha256, verified, null);
}

public enum ReceiptVerdictKind
{
    None,
    Seen,
    Ignored,
    New,
}
