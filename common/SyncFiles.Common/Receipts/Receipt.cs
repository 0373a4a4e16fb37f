using System.Text.Json.Serialization;

namespace SyncFiles.Common.Receipts;

/// <summary>
/// What head office tells one site after a run (docs/operations.md, "Receipts"): the highest
/// sequence applied with no gap below it, what this run applied, what is held and what it waits
/// for, and what is quarantined and why. Written by the importer as <c>&lt;SITE&gt;.receipt.json</c>
/// through <see cref="ReceiptFile"/>, read by the exporter to resend and to prune its archive.
/// </summary>
public sealed record Receipt
{
    public const string CurrentFormat = "syncfiles-receipt/1";

    public required string Format { get; init; }

    public required string Site { get; init; }

    /// <summary>Head office's name (server.json <c>"name"</c>, by default the machine name).</summary>
    public required string HeadOffice { get; init; }

    /// <summary>When head office wrote the receipt (UTC).</summary>
    public required DateTimeOffset WrittenAt { get; init; }

    /// <summary>
    /// Grows strictly with every receipt head office writes for this site, across runs. It is kept
    /// at head office, never on the courier medium, so a stick swapped or emptied cannot reset it;
    /// a site ignores a receipt whose counter is not above the last one it accepted (a replay).
    /// </summary>
    public required long Counter { get; init; }

    /// <summary>The highest sequence applied with no gap below it; 0 when none.</summary>
    public required long AppliedThrough { get; init; }

    /// <summary>The bundles applied (or recognised as duplicates) since the previous receipt.</summary>
    public required IReadOnlyList<ReceiptAppliedBundle> Applied { get; init; }

    /// <summary>Sequences waiting in the inbox because an earlier one is missing.</summary>
    public required IReadOnlyList<long> Held { get; init; }

    /// <summary>The sequence the held bundles wait for; null when nothing is held.</summary>
    public required long? WaitingFor { get; init; }

    /// <summary>Bundles refused and filed in quarantine; each stays listed until its sequence is applied.</summary>
    public required IReadOnlyList<ReceiptQuarantinedBundle> Quarantined { get; init; }

    public static string FileNameFor(string siteId) => $"{siteId}.receipt.json";
}

public sealed record ReceiptAppliedBundle
{
    public required long Sequence { get; init; }

    public required ReceiptOutcome Outcome { get; init; }

    public required DateTimeOffset At { get; init; }
}

public sealed record ReceiptQuarantinedBundle
{
    public required long Sequence { get; init; }

    /// <summary>The bundle's file name as it was delivered.</summary>
    public required string File { get; init; }

    /// <summary>One line: why head office refused it.</summary>
    public required string Reason { get; init; }

    public required DamageKind Damage { get; init; }

    public required DateTimeOffset At { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ReceiptOutcome>))]
public enum ReceiptOutcome
{
    [JsonStringEnumMemberName("applied")]
    Applied,

    /// <summary>Already applied earlier (a copy delivered twice, or a resend of an applied bundle).</summary>
    [JsonStringEnumMemberName("duplicate")]
    Duplicate,
}

/// <summary>Why a bundle was refused, which decides whether the site resends it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DamageKind>))]
public enum DamageKind
{
    /// <summary>
    /// The bytes were damaged on the way (hash or size mismatch, truncated or unreadable zip, a
    /// signature that does not match the bytes): the archived original, resent, will pass.
    /// </summary>
    [JsonStringEnumMemberName("transport")]
    Transport,

    /// <summary>
    /// The bundle is intact but refused (a value, a schema, an unknown site or table, a revoked
    /// key): resending the same bytes would fail again, so head office must act.
    /// </summary>
    [JsonStringEnumMemberName("content")]
    Content,
}
