using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Importer.Status;

/// <summary>
/// What <c>syncfiles-import status</c> reports, read from the ledger, the inbox and quarantine/
/// without changing any of them. Its JSON form (camelCase, times in ISO 8601 UTC, ages in seconds)
/// is documented in docs/operations.md; rename nothing here without updating it.
/// </summary>
public sealed record ImportStatus(
    DateTimeOffset GeneratedUtc,
    string Config,
    string Provider,
    bool LedgerExists,
    [property: JsonIgnore] StatusThresholds Thresholds,
    IReadOnlyList<SiteStatus> Sites,
    IReadOnlyList<QuarantinedBundle> QuarantineUnattributed,
    IReadOnlyList<UnreadableBundle> InboxUnreadable)
{
    public long LateAfterSeconds => (long)Thresholds.LateAfter.TotalSeconds;

    public long CriticalAfterSeconds => (long)Thresholds.CriticalAfter.TotalSeconds;

    /// <summary>Whether every site is <see cref="SiteState.Ok"/> with no failing bundle, and nothing is waiting unattributed.</summary>
    public bool AllOk => Sites.All(s => s.State == SiteState.Ok && s.Failing.Count == 0) && QuarantineUnattributed.Count == 0 && InboxUnreadable.Count == 0;

    public string ToJson() => JsonSerializer.Serialize(this, ImportStatusJsonContext.Default.ImportStatus) + Environment.NewLine;
}

/// <summary>One site: configured in server.json, or only seen in the ledger, the inbox or quarantine/ (<see cref="Configured"/> false).</summary>
public sealed record SiteStatus(
    string SiteId,
    bool Configured,
    SiteState State,
    Lag Lag,
    LastApplied? LastApplied,
    long BundlesApplied,
    IReadOnlyList<PendingBundle> Pending,
    IReadOnlyList<HeldBundle> Held,
    IReadOnlyList<QuarantinedBundle> Quarantined,
    IReadOnlyList<DayRows> RowsPerDay)
{
    /// <summary>Bundles in the inbox that failed the last runs with an unexpected error, counting towards quarantine.</summary>
    public IReadOnlyList<FailingBundle> Failing { get; init; } = [];

    /// <summary>The last receipt written for the site; null when none was (receipts began with this version).</summary>
    public LastReceipt? LastReceipt { get; init; }
}

/// <summary>The site's last applied bundle (its highest sequence in the ledger).</summary>
public sealed record LastApplied(long Sequence, Guid BundleId, string File, BundleMode Mode, DateTimeOffset AppliedUtc, long AgeSeconds, long Rows);

/// <summary>A bundle in the inbox that the next run handles without waiting (applies it, or files it as a duplicate).</summary>
public sealed record PendingBundle(string File, long Sequence);

/// <summary>A bundle in the inbox that waits for an earlier sequence of its site.</summary>
public sealed record HeldBundle(string File, long Sequence, long WaitsFor);

/// <summary>
/// A bundle in the inbox that <see cref="Failures"/> consecutive runs failed with the same unexpected
/// error; the run that reaches <see cref="QuarantinedAt"/> quarantines it.
/// </summary>
public sealed record FailingBundle(string File, long Sequence, int Failures, int QuarantinedAt, string Error, DateTimeOffset FirstFailedUtc, DateTimeOffset LastFailedUtc);

/// <summary>A file in quarantine/ and the first line of its <c>.error.txt</c>.</summary>
public sealed record QuarantinedBundle(string File, long? Sequence, string Reason)
{
    /// <summary>"transport" (the site resends it by itself) or "content" (head office must act), from the <c>.error.txt</c>; null for files quarantined before receipts existed.</summary>
    public string? Damage { get; init; }
}

/// <summary>The last receipt head office wrote for a site (from <c>receipt-state/</c>).</summary>
public sealed record LastReceipt(DateTimeOffset WrittenUtc, long AgeSeconds, long Counter, long AppliedThrough, string Path);

/// <summary>A file in the inbox whose manifest cannot be read now (damaged, unsigned, or still being copied).</summary>
public sealed record UnreadableBundle(string File, string Reason);

/// <summary>Rows applied on one UTC day, and in how many bundles.</summary>
public sealed record DayRows(DateOnly Date, long Rows, long Bundles);

public enum SiteState
{
    /// <summary>Applied recently, nothing held or quarantined.</summary>
    Ok,

    /// <summary>The last applied bundle is older than the late threshold.</summary>
    Late,

    /// <summary>A bundle in the inbox waits for a missing sequence.</summary>
    Held,

    /// <summary>At least one of its bundles is in quarantine/.</summary>
    Quarantined,

    /// <summary>Nothing applied yet.</summary>
    Never,
}

public enum Lag
{
    Ok,
    Late,
    Critical,
    Never,
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(LowerCaseEnumConverter<SiteState>), typeof(LowerCaseEnumConverter<Lag>), typeof(LowerCaseEnumConverter<BundleMode>)])]
[JsonSerializable(typeof(ImportStatus))]
internal sealed partial class ImportStatusJsonContext : JsonSerializerContext;
