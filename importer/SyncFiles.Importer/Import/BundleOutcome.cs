using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;

namespace SyncFiles.Importer.Import;

public enum BundleOutcomeKind
{
    Applied,
    Duplicate,

    /// <summary>Older than a full bundle already applied over a gap: its rows are in that full bundle.</summary>
    Superseded,

    /// <summary>Another importer took the file first.</summary>
    Skipped,

    /// <summary>Still being copied into the inbox (or its .sig not yet there): left for a later pass.</summary>
    Arriving,
    Held,

    /// <summary>Left in the inbox because its site used its budget for this run (<see cref="SiteBudget"/>): the next run takes it.</summary>
    Deferred,
    Quarantined,

    /// <summary>Named like a bundle but not a regular file (a named pipe, a link, a directory ...): never opened nor moved.</summary>
    Ignored,

    /// <summary>A bundle file the importer's account may not read: left in the inbox unread, reported; the run goes on.</summary>
    Unreadable,
    Failed,
}

/// <summary>What happened to one bundle in one run.</summary>
public sealed record BundleOutcome(
    BundleOutcomeKind Kind,
    string FileName,
    string? SiteId,
    long Sequence,
    LocalizedText Detail,
    IReadOnlyDictionary<string, MergeResult>? Tables = null)
{
    /// <summary>Held bundles: the sequence of their site that head office needs first.</summary>
    public long WaitingFor { get; init; }

    /// <summary>Duplicates: when the ledger says the bundle was applied (by this run, an earlier one, or another importer).</summary>
    public DateTimeOffset? AppliedUtc { get; init; }

    public long RowsTotal => Tables?.Values.Sum(t => t.Staged) ?? 0;
}
