using System.Text.Json.Serialization;
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

    public const int MaxResetHistory = 50;

    public int FormatVersion { get; set; } = CurrentFormatVersion;

    public required string SiteId { get; init; }

    public required long LastSequence { get; init; }

    public Guid? LastBundleId { get; init; }

    public string? LastBundleFile { get; init; }

    public DateTimeOffset? LastRunUtc { get; init; }

    public IReadOnlyDictionary<string, TableWatermark> Tables { get; set; } = new Dictionary<string, TableWatermark>();

    /// <summary>
    /// Set by <c>syncfiles-export reset</c> until the next successful run: the tables that run exports
    /// in full (every table, and a bundle marked full, when <see cref="StateReset.Tables"/> is null).
    /// </summary>
    public StateReset? PendingReset { get; init; }

    /// <summary>Every reset of this state, oldest first (at most <see cref="MaxResetHistory"/>); kept across runs.</summary>
    public IReadOnlyList<StateReset> Resets { get; set; } = [];

    public static SyncState Empty(string siteId) => new() { SiteId = siteId, LastSequence = 0 };
}

/// <summary>
/// The upper bound of the last exported range of one table, in the portable text form, and the rows
/// the last run found dated beyond the source's clock (null when there were none).
/// </summary>
public sealed record TableWatermark(
    string? Column,
    ChangeStrategy Strategy,
    string? To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AheadOfClock? AheadOfClock = null);

/// <summary>
/// Rows whose change value lay beyond the source database's clock plus the overlap when the run
/// read them (a typo, a sentinel such as 9999-12-31, a clock set wrong): how many, the largest value
/// and the key of the row holding it. The bound stops at the clock, so these rows travel in every
/// run until they are corrected.
/// </summary>
public sealed record AheadOfClock(long Rows, string Largest, string? Key);

/// <summary>
/// One <c>syncfiles-export reset</c>: when, by whom, which tables (null: all), the sequence the state
/// had (a reset never changes it), and the backup of the state before the reset.
/// </summary>
public sealed record StateReset(DateTimeOffset AtUtc, string By, IReadOnlyList<string>? Tables, long LastSequence, string Backup)
{
    [JsonIgnore]
    public bool AllTables => Tables is null;

    /// <summary>Whether the next run exports this table in full because of the reset.</summary>
    public bool Covers(string table) => Tables is null || Tables.Contains(table, StringComparer.OrdinalIgnoreCase);
}
