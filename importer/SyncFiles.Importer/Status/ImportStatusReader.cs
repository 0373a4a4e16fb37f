using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Receipts;

namespace SyncFiles.Importer.Status;

/// <summary>
/// Gathers <see cref="ImportStatus"/>: the ledger (read-only, through the provider), the inbox and
/// quarantine/. Changes nothing: no table is created, no lock is taken, no file is moved.
/// </summary>
public sealed class ImportStatusReader
{
    /// <summary>Days of rows-per-day history, today (UTC) included.</summary>
    public const int ChartDays = 30;

    private readonly ServerSettings _settings;
    private readonly ITargetProvider _provider;
    private readonly StatusThresholds _thresholds;
    private readonly TimeProvider _clock;

    public ImportStatusReader(ServerSettings settings, ITargetProvider provider, StatusThresholds thresholds, TimeProvider clock)
    {
        _settings = settings;
        _provider = provider;
        _thresholds = thresholds;
        _clock = clock;
    }

    public async Task<ImportStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().ToUniversalTime();
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(ChartDays - 1));
        var config = _settings.Config;
        var ledger = await _provider.ReadLedgerSummaryAsync(config.Target.ConnectionString, _settings.BaseDirectory, firstDay, cancellationToken);

        var applied = (ledger?.Sites ?? []).ToDictionary(s => s.SiteId, StringComparer.Ordinal);
        var days = (ledger?.RowsPerDay ?? []).ToLookup(d => d.SiteId, StringComparer.Ordinal);
        var signatures = SignaturePolicy.For(_settings);
        var inbox = InboxStatusScan.Scan(_settings.InboxDirectory, signatures, EncryptionPolicy.For(_settings), _settings.Limits, site => applied.TryGetValue(site, out var last) ? last.LastSequence : 0);
        var quarantine = QuarantineScan.Scan(_settings.QuarantineDirectory);
        var quarantined = quarantine.Where(q => q.SiteId is not null).ToLookup(q => q.SiteId!, q => q.Bundle, StringComparer.Ordinal);

        // Counts of bundles no longer in the inbox (moved away by hand) are history, not news.
        var failing = FailureStrikes.Load(_settings.QuarantineDirectory).Strikes.Values
            .Where(s => File.Exists(Path.Combine(_settings.InboxDirectory, s.File)))
            .OrderBy(s => s.Sequence)
            .ToLookup(s => s.SiteId, s => new FailingBundle(s.File, s.Sequence, s.Count, FailureStrikes.Limit, s.Error, s.FirstUtc, s.LastUtc), StringComparer.Ordinal);

        var receipts = new ReceiptStateStore(_settings.ReceiptStateDirectory);
        var configured = config.Sites.Select(s => s.Id).ToList();
        var others = applied.Keys.Concat(inbox.Sites).Concat(quarantined.Select(g => g.Key))
            .Where(site => !_settings.IsKnownSite(site))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var sites = configured.Concat(others)
            .Select(site => Site(site, _settings.IsKnownSite(site), applied.GetValueOrDefault(site), inbox, quarantined[site].ToList(), days[site], firstDay, now) with
            {
                Failing = failing[site].ToList(),
                LastReceipt = _settings.IsKnownSite(site) ? LastReceiptOf(receipts.Read(site), now) : null,
            })
            .ToList();
        return new ImportStatus(
            now,
            _settings.ConfigPath,
            _provider.Name,
            ledger is not null,
            _thresholds,
            sites,
            quarantine.Where(q => q.SiteId is null).Select(q => q.Bundle).ToList(),
            inbox.Unreadable);
    }

    private SiteStatus Site(
        string site,
        bool configured,
        LedgerSiteSummary? applied,
        InboxStatusScan inbox,
        List<QuarantinedBundle> quarantined,
        IEnumerable<LedgerDayRows> days,
        DateOnly firstDay,
        DateTimeOffset now)
    {
        LastApplied? last = null;
        if (applied is not null)
        {
            var file = SiteId.IsValid(site) ? BundleFileName.Format(site, applied.LastSequence) : string.Empty;
            last = new LastApplied(applied.LastSequence, applied.BundleId, file, applied.Mode, applied.AppliedUtc, (long)(now - applied.AppliedUtc).TotalSeconds, applied.RowsTotal);
        }

        var lag = _thresholds.Classify(applied is null ? null : now - applied.AppliedUtc);
        var held = inbox.HeldOf(site);
        var state = quarantined.Count > 0 ? SiteState.Quarantined
            : held.Count > 0 ? SiteState.Held
            : lag == Lag.Never ? SiteState.Never
            : lag == Lag.Ok ? SiteState.Ok
            : SiteState.Late;
        return new SiteStatus(site, configured, state, lag, last, applied?.BundlesApplied ?? 0, inbox.PendingOf(site), held, quarantined, RowsPerDay(days, firstDay));
    }

    private static LastReceipt? LastReceiptOf(ReceiptState? state, DateTimeOffset now) =>
        state is null ? null : new LastReceipt(state.WrittenAt, (long)(now - state.WrittenAt).TotalSeconds, state.Counter, state.AppliedThrough, state.Path);

    /// <summary>One entry per day of the chart, oldest first, zero where nothing was applied.</summary>
    private static List<DayRows> RowsPerDay(IEnumerable<LedgerDayRows> days, DateOnly firstDay)
    {
        var byDay = days.ToDictionary(d => d.Day);
        return Enumerable.Range(0, ChartDays)
            .Select(offset => firstDay.AddDays(offset))
            .Select(day => byDay.TryGetValue(day, out var rows) ? new DayRows(day, rows.Rows, rows.Bundles) : new DayRows(day, 0, 0))
            .ToList();
    }
}
