using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Config;

namespace SyncFiles.Importer.Import;

/// <summary>
/// One pass over the inbox: read every bundle's manifest, then per site, in sequence order, apply
/// what is next, file away duplicates, hold what waits for a missing sequence, and quarantine what
/// is bad. One site's bad bundle never stops another site.
/// </summary>
public sealed class ImportRun
{
    private readonly ServerSettings _settings;
    private readonly ITargetProvider _provider;
    private readonly ILogger _log;
    private readonly BundleApplier _applier;
    private readonly BundleFiling _filing;
    private readonly SignaturePolicy _signatures;

    public ImportRun(ServerSettings settings, ITargetProvider provider, ILogger log, TimeProvider clock)
    {
        _settings = settings;
        _provider = provider;
        _log = log;
        _applier = new BundleApplier(settings, log, clock);
        _filing = new BundleFiling(settings.ProcessedDirectory, settings.QuarantineDirectory);
        _signatures = new SignaturePolicy(settings.Config.RequireSignatures, settings.PublicKeys);
    }

    /// <summary>Where each table's progress is shown (the live display on a terminal); nowhere by default.</summary>
    public IProgressReporter Progress
    {
        get => _applier.Progress;
        init => _applier.Progress = value;
    }

    public async Task<IReadOnlyList<BundleOutcome>> ExecuteAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<BundleOutcome>();
        var bundles = new List<InboxBundle>();
        foreach (var path in InboxScanner.List(_settings.InboxDirectory))
        {
            try
            {
                bundles.Add(InboxBundle.Read(path, _signatures, _settings.Limits));
            }
            catch (Exception ex) when (ex is BundleFormatException or BundleRejectedException)
            {
                outcomes.Add(Quarantine(path, null, 0, ex.Message));
            }
            catch (IOException ex)
            {
                // Locked or vanished (a copy still running, another importer took it): next run.
                _log.Warning("Skipping {File} for now: {Message}", Path.GetFileName(path), ex.Message);
            }
        }

        if (bundles.Count == 0 && outcomes.Count == 0)
        {
            _log.Information("Inbox {Inbox} is empty; nothing to do", _settings.InboxDirectory);
            return outcomes;
        }

        var config = _settings.Config;
        await using var target = await _provider.OpenAsync(config.Target.ConnectionString, _settings.BaseDirectory, _log, cancellationToken);
        await target.EnsureLedgerAsync(cancellationToken);

        foreach (var site in bundles.GroupBy(b => b.Manifest.SiteId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = site.OrderBy(b => b.Manifest.Sequence).ThenBy(b => b.FileName, StringComparer.Ordinal).ToList();
            if (!_settings.IsKnownSite(site.Key))
            {
                outcomes.AddRange(ordered.Select(b => Quarantine(b.Path, site.Key, b.Manifest.Sequence,
                    $"Site {site.Key} is not in the server configuration's sites. If it is a new shop, add {{\"id\": \"{site.Key}\"}} to \"sites\" in server.json, then move the bundle back to the inbox.")));
                continue;
            }

            outcomes.AddRange(await HandleSiteAsync(ordered, target, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>
    /// One site's bundles in sequence order. A full bundle applied over a gap can release bundles
    /// held earlier in the same pass (they become superseded), so held ones get another pass
    /// whenever something was applied.
    /// </summary>
    private async Task<List<BundleOutcome>> HandleSiteAsync(List<InboxBundle> ordered, ITargetConnection target, CancellationToken cancellationToken)
    {
        var outcomes = new List<BundleOutcome>();
        var remaining = ordered;
        while (true)
        {
            var held = new List<(InboxBundle Bundle, BundleOutcome Outcome)>();
            var applied = false;
            foreach (var bundle in remaining)
            {
                var outcome = await HandleAsync(bundle, target, cancellationToken);
                if (outcome.Kind == BundleOutcomeKind.Held)
                {
                    held.Add((bundle, outcome));
                    continue;
                }

                outcomes.Add(outcome);
                applied |= outcome.Kind == BundleOutcomeKind.Applied;
                if (outcome.Kind == BundleOutcomeKind.Failed)
                {
                    // The rest of this site would only be held behind it; try again next run.
                    return outcomes;
                }
            }

            if (!applied || held.Count == 0)
            {
                foreach (var (bundle, outcome) in held)
                {
                    _log.Warning("{File} is held in the inbox: it {Detail}. Copy that bundle from the site's outbox into the inbox, or heal the gap with 'syncfiles-export run --full' at the site", bundle.FileName, outcome.Detail);
                    outcomes.Add(outcome);
                }

                return outcomes;
            }

            remaining = held.Select(h => h.Bundle).ToList();
        }
    }

    private async Task<BundleOutcome> HandleAsync(InboxBundle bundle, ITargetConnection target, CancellationToken cancellationToken)
    {
        var manifest = bundle.Manifest;
        if (!string.Equals(bundle.FileName, Common.Bundle.BundleFileName.Format(manifest.SiteId, manifest.Sequence), StringComparison.Ordinal))
        {
            _log.Warning("{File} holds site {Site} sequence {Sequence}; the manifest decides, the file name is only a label", bundle.FileName, manifest.SiteId, manifest.Sequence);
        }

        BundleOutcome outcome;
        try
        {
            outcome = await _applier.ApplyAsync(bundle, target, cancellationToken);
        }
        catch (Exception ex) when (ex is BundleFormatException or BundleRejectedException || _provider.IsRejectedData(ex))
        {
            var reason = ex is SyncFilesException ? ex.Message : $"The target database refused the data of {bundle.FileName}: {ex.Message}";
            return Quarantine(bundle.Path, manifest.SiteId, manifest.Sequence, reason);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new BundleOutcome(BundleOutcomeKind.Skipped, bundle.FileName, manifest.SiteId, manifest.Sequence, "taken by another importer");
        }
        catch (Exception ex) when (ex is IOException or System.Data.Common.DbException or UnauthorizedAccessException)
        {
            _log.Error("{File} was not applied and stays in the inbox: {Message}", bundle.FileName, ex.Message);
            return new BundleOutcome(BundleOutcomeKind.Failed, bundle.FileName, manifest.SiteId, manifest.Sequence, ex.Message);
        }

        switch (outcome.Kind)
        {
            case BundleOutcomeKind.Applied:
                _filing.ToProcessed(bundle.Path);
                _log.Information("Applied {File}: {Rows} rows", bundle.FileName, outcome.RowsTotal);
                break;
            case BundleOutcomeKind.Duplicate:
                _filing.ToProcessed(bundle.Path, "duplicate");
                _log.Information("{File} was {Detail}", bundle.FileName, outcome.Detail);
                break;
            case BundleOutcomeKind.Superseded:
                _filing.ToProcessed(bundle.Path, "superseded");
                _log.Warning("{File} is {Detail}", bundle.FileName, outcome.Detail);
                break;
        }

        return outcome;
    }

    private BundleOutcome Quarantine(string path, string? siteId, long sequence, string reason)
    {
        var fileName = Path.GetFileName(path);
        var moved = _filing.ToQuarantine(path, reason);
        _log.Error("Quarantined {File}: {Reason}", fileName, reason);
        return new BundleOutcome(BundleOutcomeKind.Quarantined, fileName, siteId, sequence, reason + (moved is null ? string.Empty : $" (moved to {moved})"));
    }
}
