using SyncFiles.Common.Bundle;

namespace SyncFiles.Common.Providers;

/// <summary>
/// What <c>syncfiles-import status</c> reads from <c>syncfiles_ledger</c>: each site's last applied
/// bundle, and the rows applied per site and UTC day since a given day. Aggregated by the database,
/// so its size grows with sites and days, never with rows.
/// </summary>
public sealed record LedgerSummary(IReadOnlyList<LedgerSiteSummary> Sites, IReadOnlyList<LedgerDayRows> RowsPerDay);

/// <summary>A site's last applied bundle (its highest sequence) and how many bundles it has applied in all.</summary>
public sealed record LedgerSiteSummary(
    string SiteId,
    long LastSequence,
    Guid BundleId,
    BundleMode Mode,
    DateTimeOffset AppliedUtc,
    long RowsTotal,
    long BundlesApplied);

/// <summary>The rows (and bundles) a site had applied on one UTC day.</summary>
public sealed record LedgerDayRows(string SiteId, DateOnly Day, long Rows, long Bundles);
