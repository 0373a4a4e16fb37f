using SyncFiles.Common.Text;

namespace SyncFiles.Common.Receipts;

public enum ReceiptReadStatus
{
    /// <summary>Signed by the expected key and well formed.</summary>
    Ok,

    /// <summary>Read without a signature check: no key was expected (the site has no <c>headOfficeKey</c>).</summary>
    Unsigned,

    /// <summary>A key was expected and the signature is missing, malformed or does not verify over the receipt's bytes.</summary>
    BadSignature,

    /// <summary>Signed, validly, by a key other than the expected one (forged, or another head office).</summary>
    WrongKey,

    /// <summary>Not a receipt: empty, not JSON, truncated, or a body that does not follow the format.</summary>
    Damaged,

    /// <summary>Larger than <see cref="ReceiptFile.MaxFileBytes"/>; refused unread.</summary>
    TooLarge,
}

/// <summary>What <see cref="ReceiptFile.Read"/> found: the receipt when it may be trusted, otherwise a one-line reason.</summary>
public sealed record ReceiptReadResult
{
    private ReceiptReadResult(ReceiptReadStatus status, Receipt? receipt, LocalizedText? reason)
    {
        Status = status;
        Receipt = receipt;
        ReasonText = reason;
    }

    public ReceiptReadStatus Status { get; }

    /// <summary>Set when <see cref="Status"/> is <see cref="ReceiptReadStatus.Ok"/> or <see cref="ReceiptReadStatus.Unsigned"/>; null otherwise.</summary>
    public Receipt? Receipt { get; }

    /// <summary>Set when the receipt must be ignored: one line saying why, in English (log files, state files).</summary>
    public string? Reason => ReasonText?.English;

    /// <summary>The same reason as a message, to show in the user's language (<see cref="LocalizedText.Display"/>).</summary>
    public LocalizedText? ReasonText { get; }

    /// <summary>True when <see cref="Receipt"/> may be acted on.</summary>
    public bool IsUsable => Receipt is not null;

    internal static ReceiptReadResult Accepted(ReceiptReadStatus status, Receipt receipt) => new(status, receipt, null);

    internal static ReceiptReadResult Refused(ReceiptReadStatus status, LocalizedText reason) => new(status, null, reason);
}
