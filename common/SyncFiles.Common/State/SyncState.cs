using SyncFiles.Common.Bundle;

namespace SyncFiles.Common.State;

/// <summary>
/// What a site has exported so far (<c>.sync_state.json</c>): the last bundle's sequence and, per
/// transaction table, the upper bound of the last range exported. It is replaced only after the
/// bundle it describes is safely in the outbox.
/// </summary>
public sealed record SyncState
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; set; } = CurrentFormatVersion;

    public required string SiteId { get; init; }

    public required long LastSequence { get; init; }

    public Guid? LastBundleId { get; init; }

    public string? LastBundleFile { get; init; }

    public DateTimeOffset? LastRunUtc { get; init; }

    public IReadOnlyDictionary<string, TableWatermark> Tables { get; set; } = new Dictionary<string, TableWatermark>();

    public static SyncState Empty(string siteId) => new() { SiteId = siteId, LastSequence = 0 };
}

/// <summary>The upper bound of the last exported range of one table, in the portable text form.</summary>
public sealed record TableWatermark(string? Column, ChangeStrategy Strategy, string? To);
