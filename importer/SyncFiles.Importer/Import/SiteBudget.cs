using SyncFiles.Common.Bundle;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// How much one site may take of one run (one pass in watch mode): sites are applied one after
/// another while the target's write lock is held, so without a budget one site's backlog of big
/// bundles could hold every other site back for hours. The budget is checked before each bundle
/// but the site's first: a site always makes progress, and a bundle is never cut short (what one
/// bundle may hold is capped by <see cref="BundleLimits.MaxTotalBytes"/>). Bundles past the
/// budget stay in the inbox, deferred to the next run, while the other sites are applied.
/// </summary>
public sealed record SiteBudget(long? MaxBytesPerRun, TimeSpan? MaxTimePerRun)
{
    /// <summary>Default of <see cref="MaxBytesPerRun"/>: 2 GiB of uncompressed CSV: room for two full exports of a shop of a million invoices (the CSV size of one is in docs/performance.md, "Where the time goes").</summary>
    public const long DefaultMaxBytesPerRun = 2L * 1024 * 1024 * 1024;

    /// <summary>Default of <see cref="MaxTimePerRun"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultMaxTimePerRun = TimeSpan.FromMinutes(15);

    public static SiteBudget Default { get; } = new(DefaultMaxBytesPerRun, DefaultMaxTimePerRun);

    /// <summary>No budget: every bundle of every site in one run.</summary>
    public static SiteBudget Unlimited { get; } = new(null, null);

    /// <summary>The uncompressed bytes a bundle declares (its CSV and tombstone entries).</summary>
    public static long BytesOf(Manifest manifest) => manifest.Tables.Sum(t => t.Bytes + (t.Deleted?.Bytes ?? 0));

    /// <summary>
    /// Null when the site may go on with a bundle of <paramref name="nextBytes"/> after having used
    /// <paramref name="usedBytes"/> and <paramref name="elapsed"/> in this run; otherwise why not.
    /// </summary>
    public string? Exceeded(string site, long usedBytes, long nextBytes, TimeSpan elapsed) => Over(site, usedBytes, nextBytes, elapsed)?.English;

    /// <summary>The same answer, to be shown in each reader's language.</summary>
    public LocalizedText? Over(string site, long usedBytes, long nextBytes, TimeSpan elapsed)
    {
        if (MaxTimePerRun is { } time && elapsed >= time)
        {
            return ImporterText.Get(nameof(ImporterMessages.BudgetTime), site, elapsed.TotalSeconds, time.TotalSeconds);
        }

        if (MaxBytesPerRun is { } bytes && usedBytes + nextBytes > bytes)
        {
            return ImporterText.Get(nameof(ImporterMessages.BudgetBytes), site, usedBytes, nextBytes, bytes);
        }

        return null;
    }
}
