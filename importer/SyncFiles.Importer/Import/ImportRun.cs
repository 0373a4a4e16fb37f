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
    private readonly ArrivalCheck _arrivals;
    private readonly Dictionary<string, FileSnapshot?> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public ImportRun(ServerSettings settings, ITargetProvider provider, ILogger log, TimeProvider clock)
        : this(settings, provider, log, clock, new ArrivalCheck(settings.SettleTime, clock, rememberFirstSeen: false))
    {
    }

    public ImportRun(ServerSettings settings, ITargetProvider provider, ILogger log, TimeProvider clock, ArrivalCheck arrivals)
    {
        _arrivals = arrivals;
        _settings = settings;
        _provider = provider;
        _log = log;
        _applier = new BundleApplier(settings, log, clock);
        _filing = new BundleFiling(settings.ProcessedDirectory, settings.QuarantineDirectory);
        _signatures = new SignaturePolicy(settings.Config.RequireSignatures, settings.PublicKeys);
        _clock = clock;
    }

    /// <summary>
    /// Set by watch mode, which scans the same inbox again and again: steady states (an empty inbox,
    /// a bundle still held or still arriving) are then logged at debug level, and the caller reports
    /// what changed.
    /// </summary>
    public bool Repeating { get; init; }

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
        var paths = InboxScanner.List(_settings.InboxDirectory);
        _arrivals.ForgetAllBut(paths);
        _seen.Clear();
        foreach (var path in paths)
        {
            var before = _arrivals.Observe(path);
            _seen[path] = before;
            try
            {
                var bundle = InboxBundle.Read(path, _signatures, _settings.Limits);
                if (ArrivalCheck.Changed(path, before) is { } reason)
                {
                    // It read as complete, yet it is still moving: the bytes applied later may differ.
                    outcomes.Add(Arriving(path, null, 0, reason));
                    continue;
                }

                // Complete and consistent: a bundle that reads whole needs no waiting, however new.
                bundles.Add(bundle);
            }
            catch (Exception ex) when (ex is BundleFormatException or BundleRejectedException)
            {
                outcomes.Add(_arrivals.StillArriving(path, before) is { } reason
                    ? Arriving(path, null, 0, reason)

                    // Unread, so its site and sequence are unknown: it holds nothing back.
                    : Quarantine(path, null, 0, ex.Message, damaged: ex is BundleFormatException));
            }
            catch (IOException ex) when (File.Exists(path))
            {
                // Locked by the program copying it (Windows): a later pass.
                outcomes.Add(Arriving(path, null, 0, $"it cannot be read yet ({ex.Message})"));
            }
            catch (IOException ex)
            {
                // Another importer took it.
                _log.Warning("Skipping {File} for now: {Message}", Path.GetFileName(path), ex.Message);
            }
        }

        if (bundles.Count == 0 && outcomes.Count == 0)
        {
            _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information, "Inbox {Inbox} is empty; nothing to do", _settings.InboxDirectory);
            return outcomes;
        }

        if (bundles.Count == 0)
        {
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
                    $"Site {site.Key} is not in the server configuration's sites, so {b.FileName} was not applied. If {site.Key} is a new shop, add {{\"id\": \"{site.Key}\"}} to \"sites\" in server.json " +
                    $"(with its \"publicKey\" if it signs), then move the bundle back into the inbox. If there is no such shop, the bundle does not belong here: delete it.",
                    holdsLaterBundles: false)));
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
                if (outcome.Kind is BundleOutcomeKind.Failed or BundleOutcomeKind.Arriving)
                {
                    // The rest of this site would only be held behind it; try again next run.
                    return outcomes;
                }
            }

            if (!applied || held.Count == 0)
            {
                foreach (var (bundle, outcome) in held)
                {
                    var site = bundle.Manifest.SiteId;
                    var advised = outcome with { Detail = OperatorAdvice.Held(site, outcome.WaitingFor, FindQuarantined(site, outcome.WaitingFor)) };
                    _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning, "Held {File} in the inbox: it {Detail}", bundle.FileName, advised.Detail);
                    outcomes.Add(advised);
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
            if (ex is BundleFormatException && _arrivals.StillArriving(bundle.Path, _seen.GetValueOrDefault(bundle.Path)) is { } arriving)
            {
                // Damaged only because the copy is not finished (some tools write out of order).
                return Arriving(bundle.Path, manifest.SiteId, manifest.Sequence, arriving);
            }

            var reason = ex is SyncFilesException ? ex.Message : $"The target database refused the data of {bundle.FileName}: {ex.Message}. Make the central table accept it (a wider column, a missing default), then move the bundle back into the inbox.";
            return Quarantine(bundle.Path, manifest.SiteId, manifest.Sequence, reason, damaged: ex is BundleFormatException, holdsLaterBundles: ex is not BundleRejectedException { HoldsLaterBundles: false });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new BundleOutcome(BundleOutcomeKind.Skipped, bundle.FileName, manifest.SiteId, manifest.Sequence, "taken by another importer");
        }
        catch (IOException) when (_arrivals.StillArriving(bundle.Path, _seen.GetValueOrDefault(bundle.Path)) is { } arriving)
        {
            return Arriving(bundle.Path, manifest.SiteId, manifest.Sequence, arriving);
        }
        catch (Exception ex) when (ex is IOException or System.Data.Common.DbException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
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

    private BundleOutcome Arriving(string path, string? siteId, long sequence, string reason)
    {
        var fileName = Path.GetFileName(path);
        _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information, "{File} is left in the inbox for now: {Reason}", fileName, reason);
        return new BundleOutcome(BundleOutcomeKind.Arriving, fileName, siteId, sequence, $"still arriving: {reason}; left in the inbox for a later pass");
    }

    private BundleOutcome Quarantine(string path, string? siteId, long sequence, string reason, bool damaged = false, bool holdsLaterBundles = true)
    {
        var fileName = Path.GetFileName(path);
        var moved = _filing.ToQuarantine(path, OperatorAdvice.ErrorFile(fileName, siteId, sequence, reason, damaged, holdsLaterBundles, _clock.GetUtcNow()));
        _log.Error("Quarantined {File}: {Reason}", fileName, reason);
        return new BundleOutcome(BundleOutcomeKind.Quarantined, fileName, siteId, sequence, reason + (moved is null ? string.Empty : $" (moved to {moved}; see {Path.GetFileName(moved)}.error.txt)"));
    }

    /// <summary>The site's bundle of that sequence when it sits in quarantine (under its own name, or a numbered one).</summary>
    private string? FindQuarantined(string siteId, long sequence)
    {
        var quarantine = _settings.QuarantineDirectory;
        if (!Directory.Exists(quarantine))
        {
            return null;
        }

        var stem = Path.GetFileNameWithoutExtension(Common.Bundle.BundleFileName.Format(siteId, sequence));
        return Directory.EnumerateFiles(quarantine, stem + "*" + Common.Bundle.BundleFileName.Extension)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name == stem + Common.Bundle.BundleFileName.Extension || name.StartsWith(stem + ".", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .LastOrDefault();
    }
}
