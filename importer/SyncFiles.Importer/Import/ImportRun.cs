using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Receipts;

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
    private readonly FailureStrikes _strikes;
    private readonly HashSet<string> _refusedReported = new(StringComparer.Ordinal);
    private readonly SiteReceipts _receipts;
    private string? _receiptedPass;

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
        _applier = new BundleApplier(settings, log, clock) { SchemaWriter = provider.SchemaWriter };
        _filing = new BundleFiling(settings.ProcessedDirectory, settings.QuarantineDirectory);
        _signatures = SignaturePolicy.For(settings);
        _clock = clock;
        _strikes = FailureStrikes.Load(settings.QuarantineDirectory);
        _receipts = new SiteReceipts(settings, provider, log, clock);
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

    /// <summary>
    /// One pass, then a receipt per site: after every run, and in watch mode after each pass whose
    /// outcomes differ from the last receipted pass (a bundle applied, refused, newly held); a
    /// pass that only sees the same held bundles again tells a site nothing new.
    /// </summary>
    public async Task<IReadOnlyList<BundleOutcome>> ExecuteAsync(CancellationToken cancellationToken)
    {
        var outcomes = await PassAsync(cancellationToken);
        var shape = string.Join('\n', outcomes.Select(o => $"{o.Kind} {o.SiteId} {o.Sequence} {o.FileName}").Order(StringComparer.Ordinal));
        if (!Repeating || shape != _receiptedPass)
        {
            await _receipts.WriteAsync(outcomes, cancellationToken);
            _receiptedPass = shape;
        }

        return outcomes;
    }

    private async Task<IReadOnlyList<BundleOutcome>> PassAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<BundleOutcome>();
        var bundles = new List<InboxBundle>();
        FilingDirectories.Check(_settings);
        var listing = InboxScanner.Scan(_settings.InboxDirectory);
        var paths = listing.Bundles;
        _arrivals.ForgetAllBut(paths);
        _seen.Clear();
        foreach (var entry in listing.Refused)
        {
            outcomes.Add(Ignored(entry.FileName, entry.Message));
        }

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

                if (Misnamed(bundle) is { } misnamed)
                {
                    outcomes.Add(Quarantine(path, _settings.ConfiguredSite(bundle.Manifest.SiteId) ?? bundle.Manifest.SiteId, bundle.Manifest.Sequence, misnamed, holdsLaterBundles: false));
                    continue;
                }

                // Site ids are compared without case at head office: from here on the bundle's
                // site is spelt as server.json spells it (ledger, lock, filing, site column).
                if (_settings.ConfiguredSite(bundle.Manifest.SiteId) is { } configured && configured != bundle.Manifest.SiteId)
                {
                    bundle = bundle with { Manifest = bundle.Manifest with { SiteId = configured } };
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
            catch (NotAFileException ex)
            {
                // Swapped between the listing and the open, or a signature that is not a file.
                outcomes.Add(Ignored(Path.GetFileName(path), ex.Message));
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
            catch (UnauthorizedAccessException ex)
            {
                // The importer's account may not read it: no retry cures that, and nothing of it is
                // known (not even its site), so it is left where it is and reported; the others go on.
                outcomes.Add(Unreadable(path, ex.Message));
            }
#pragma warning disable CA1031 // Each bundle is its own unit of failure: whatever reading one throws is recorded against it.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                // Reading a bundle touches no database: what fails on these bytes fails on them
                // every run, so it is quarantined now (a bug of ours shows its type and message).
                // Running out of memory is one of these: the reader's allocations are bounded by
                // the limits, so a bundle that exhausts memory once would on every pass (watch
                // mode would thrash); its buffers are unreachable once the exception has unwound.
                _log.Debug(ex, "{File}: unexpected failure while reading it", Path.GetFileName(path));
                outcomes.Add(Quarantine(path, null, 0, UnexpectedWhileReading(Path.GetFileName(path), ex)));
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

        ITargetConnection? target = await OpenTargetAsync(cancellationToken);
        try
        {
            var reopen = false;
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

                if (reopen)
                {
                    // A failed bundle may have left the connection unusable (a COPY cut short, a
                    // lost socket): the next site gets a fresh one, so one site never stops another.
                    var used = target;
                    target = null;
                    await used.DisposeAsync();
                    target = await OpenTargetAsync(cancellationToken);
                }

                var siteOutcomes = await HandleSiteAsync(ordered, target, cancellationToken);
                outcomes.AddRange(siteOutcomes);
                reopen = siteOutcomes.Any(o => o.Kind == BundleOutcomeKind.Failed);
            }
        }
        finally
        {
            if (target is not null)
            {
                await target.DisposeAsync();
            }
        }

        return outcomes;
    }

    private async Task<ITargetConnection> OpenTargetAsync(CancellationToken cancellationToken)
    {
        var target = await _provider.OpenAsync(_settings.Config.Target.ConnectionString, _settings.BaseDirectory, _log, cancellationToken);
        try
        {
            await target.EnsureLedgerAsync(cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One site's bundles in sequence order. A full bundle applied over a gap can release bundles
    /// held earlier in the same pass (they become superseded), so held ones get another pass
    /// whenever something was applied. Once the site has had its budget for this run
    /// (<see cref="SiteBudget"/>), its other bundles are deferred to the next run.
    /// </summary>
    private async Task<List<BundleOutcome>> HandleSiteAsync(List<InboxBundle> ordered, ITargetConnection target, CancellationToken cancellationToken)
    {
        var outcomes = new List<BundleOutcome>();
        var remaining = ordered;
        var started = _clock.GetTimestamp();
        var usedBytes = 0L;
        while (true)
        {
            var held = new List<(InboxBundle Bundle, BundleOutcome Outcome)>();
            var applied = false;
            for (var i = 0; i < remaining.Count; i++)
            {
                var bundle = remaining[i];
                var bytes = SiteBudget.BytesOf(bundle.Manifest);
                if (usedBytes > 0 && _settings.SiteBudget.Exceeded(bundle.Manifest.SiteId, usedBytes, bytes, _clock.GetElapsedTime(started)) is { } over)
                {
                    // This site has made progress in this run; the other sites get their turn.
                    outcomes.AddRange(remaining.Skip(i).Select(b => Deferred(b, over)));
                    break;
                }

                var outcome = await HandleAsync(bundle, target, cancellationToken);
                if (outcome.Kind == BundleOutcomeKind.Held)
                {
                    held.Add((bundle, outcome));
                    continue;
                }

                outcomes.Add(outcome);
                applied |= outcome.Kind == BundleOutcomeKind.Applied;
                usedBytes += outcome.Kind == BundleOutcomeKind.Applied ? Math.Max(1, bytes) : 0;
                if (outcome.Kind is BundleOutcomeKind.Failed or BundleOutcomeKind.Arriving)
                {
                    // The rest of this site would only be held behind it; try again next run.
                    return outcomes;
                }
            }

            if (!applied || held.Count == 0 || outcomes.Any(o => o.Kind == BundleOutcomeKind.Deferred))
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

            _strikes.Forget(bundle.Sha256);
            var reason = ex is SyncFilesException ? ex.Message : TargetRefused(bundle.FileName, _applier.TableInProgress, ex.Message);
            return Quarantine(bundle.Path, manifest.SiteId, manifest.Sequence, reason, damaged: ex is BundleFormatException, holdsLaterBundles: ex is not BundleRejectedException { HoldsLaterBundles: false }, refusedValue: (ex as BundleFormatException)?.RefusedValue);
        }
        catch (NotAFileException ex)
        {
            return Ignored(bundle.FileName, ex.Message, manifest.SiteId, manifest.Sequence);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new BundleOutcome(BundleOutcomeKind.Skipped, bundle.FileName, manifest.SiteId, manifest.Sequence, "taken by another importer");
        }
        catch (IOException) when (_arrivals.StillArriving(bundle.Path, _seen.GetValueOrDefault(bundle.Path)) is { } arriving)
        {
            return Arriving(bundle.Path, manifest.SiteId, manifest.Sequence, arriving);
        }
        catch (UnauthorizedAccessException ex) when (!Readable(bundle.Path))
        {
            // Its permissions changed since it was read: a person must grant them, no retry will.
            return Unreadable(bundle.Path, ex.Message);
        }
        catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException || _provider.IsTransient(ex)) && !cancellationToken.IsCancellationRequested)
        {
            // The next run can cure it (a lost connection, a deadlock, a full disk): never a strike.
            _log.Error("{File} was not applied and stays in the inbox for the next run: {Message}", bundle.FileName, Describe(ex, _applier.TableInProgress));
            return new BundleOutcome(BundleOutcomeKind.Failed, bundle.FileName, manifest.SiteId, manifest.Sequence, Describe(ex, _applier.TableInProgress));
        }
#pragma warning disable CA1031 // Counted per bundle and reported: one bundle's unexpected failure never stops the other sites.
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return Strike(bundle, ex);
        }

        _strikes.Forget(bundle.Sha256);
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

    /// <summary>
    /// An unexpected failure (neither transient nor a refusal the provider recognises): the bundle
    /// stays in the inbox and the failure is counted; the <see cref="FailureStrikes.Limit"/>th
    /// consecutive run with the same error quarantines it, with the error and the count.
    /// </summary>
    private BundleOutcome Strike(InboxBundle bundle, Exception ex)
    {
        var manifest = bundle.Manifest;
        var error = Describe(ex, _applier.TableInProgress);
        var strike = _strikes.Record(bundle, Fingerprint(ex, _applier.TableInProgress), error, _clock.GetUtcNow());

        // The stack helps a bug report; the operator's line says what happened and what comes next.
        _log.Debug(ex, "{File}: unexpected failure", bundle.FileName);
        if (strike.Count >= FailureStrikes.Limit)
        {
            _strikes.Forget(bundle.Sha256);
            return Quarantine(bundle.Path, manifest.SiteId, manifest.Sequence, Struck(bundle.FileName, strike.Count, strike.FirstUtc, error, _applier.TableInProgress));
        }

        _log.Error(
            "{File} was not applied and stays in the inbox: failure {Count} of {Limit} with this error (at {Limit} in a row it is quarantined): {Error}",
            bundle.FileName,
            strike.Count,
            FailureStrikes.Limit,
            FailureStrikes.Limit,
            error);
        return new BundleOutcome(
            BundleOutcomeKind.Failed,
            bundle.FileName,
            manifest.SiteId,
            manifest.Sequence,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"failure {strike.Count} of {FailureStrikes.Limit} with the same error: {error}"));
    }

    /// <summary>A target that cannot take the bundle as it stands: which table, what the database said, what to change.</summary>
    private static string TargetRefused(string fileName, string? table, string message)
    {
        var where = table is null ? "the central database" : $"the central table {table}";
        return $"The target database refused {fileName} in {where}: {message}. Change {where} so it takes the bundle's data " +
            "(create the table or the missing column, match the column's type, widen it, relax the constraint, grant the importer's login the permission, leave a generated column out of the mapping), " +
            "then move the bundle back into the inbox.";
    }

    /// <summary>A bundle quarantined after failing the same way on <paramref name="count"/> consecutive runs.</summary>
    private static string Struck(string fileName, int count, DateTimeOffset first, string error, string? table) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{fileName} failed on {count} consecutive runs (since {first:yyyy-MM-dd HH:mm:ss} UTC) with the same error, so it was quarantined rather than retried forever: {error}. " +
            $"Fix the cause{(table is null ? string.Empty : $" (the central table {table}, or what it calls: its triggers, its column types)")}, or report it with the log if it looks like a bug in SyncFiles, then move the bundle back into the inbox.");

    /// <summary>The failure's message with the central table it happened in and, for what is not one of ours, its type.</summary>
    private static string Describe(Exception ex, string? table)
    {
        var what = ex is SyncFilesException or System.Data.Common.DbException or IOException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        return table is not null && !what.Contains($"table {table}", StringComparison.Ordinal) ? $"table {table}: {what}" : what;
    }

    /// <summary>
    /// Two failures are "the same error" when they have the same exception type, table and database
    /// error code (SQLSTATE); without a code, the same message.
    /// </summary>
    private static string Fingerprint(Exception ex, string? table)
    {
        var code = (ex as System.Data.Common.DbException)?.SqlState;
        return $"{ex.GetType().FullName}|{table}|{code ?? ex.Message}";
    }

    private BundleOutcome Arriving(string path, string? siteId, long sequence, string reason)
    {
        var fileName = Path.GetFileName(path);
        _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information, "{File} is left in the inbox for now: {Reason}", fileName, reason);
        return new BundleOutcome(BundleOutcomeKind.Arriving, fileName, siteId, sequence, $"still arriving: {reason}; left in the inbox for a later pass");
    }

    /// <summary>
    /// Why a bundle's file name does not match its manifest, or null when it does. Operators read
    /// the file name (the filing, the logs, the status page), so a bundle named for another site or
    /// sequence is refused rather than applied as what its name does not say: a renamed file is a
    /// mistake or an attack. The name must begin with <c>SITE-SEQUENCE</c> (site without case); what
    /// follows after a character other than a letter or digit is a courier's own
    /// (<c>AG01-00000003.copy1.zip</c>, <c>AG01-00000003 (2).zip</c>, <c>AG01-00000003-copy.zip</c>).
    /// </summary>
    private static string? Misnamed(InboxBundle bundle)
    {
        var manifest = bundle.Manifest;
        var expected = Common.Bundle.BundleFileName.Format(manifest.SiteId, manifest.Sequence);
        var stem = Path.GetFileNameWithoutExtension(expected);
        var name = bundle.FileName;
        if (name.Length > stem.Length && name.StartsWith(stem, StringComparison.OrdinalIgnoreCase) && !char.IsAsciiLetterOrDigit(name[stem.Length]))
        {
            return null;
        }

        return $"{name} holds site {manifest.SiteId} sequence {manifest.Sequence} (its manifest says so{(bundle.Signature is null ? string.Empty : " and its signature covers it")}), but its file name says otherwise; a renamed bundle is either a mistake or an attack, and operators read the file name, so it was not applied. " +
            $"If it is genuine, rename it {expected} and move it back into the inbox; if no one renamed it on purpose, find out who did.";
    }

    /// <summary>A bundle the importer's account may not read: left in the inbox (its site is unknown, so it holds nothing back) and reported once per process.</summary>
    private BundleOutcome Unreadable(string path, string message)
    {
        var fileName = Path.GetFileName(path);
        var detail = $"{fileName} cannot be read by the account the importer runs as ({message}), so it was left in the inbox unread. " +
            "Give that account read permission on it (and on its .sig) or remove it; the other bundles were handled.";
        var first = _refusedReported.Add(fileName + "\n" + detail);
        _log.Write(Repeating && !first ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Error, "{Message:l}", detail);
        return new BundleOutcome(BundleOutcomeKind.Unreadable, fileName, null, 0, detail);
    }

    /// <summary>False when the importer's account may not open the file for reading.</summary>
    private static bool Readable(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            // Gone or locked: not a permission problem.
            return true;
        }
    }

    /// <summary>A failure of ours while reading a bundle (no decoder verdict, no I/O error): what it was and what to do.</summary>
    private static string UnexpectedWhileReading(string fileName, Exception ex) =>
        $"{fileName} could not be read: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}. Reading it again would fail the same way, so it was quarantined rather than retried on every run. " +
        "If the bundle is genuine, report this with the log (run with --verbose for the details) and move the bundle back into the inbox once fixed.";

    /// <summary>A bundle left in the inbox for the next run: its site has had its budget for this one.</summary>
    private BundleOutcome Deferred(InboxBundle bundle, string over)
    {
        var detail = $"{over}; it stays in the inbox for the next run while the other sites go first.";
        _log.Warning("Deferred {File}: {Detail}", bundle.FileName, detail);
        return new BundleOutcome(BundleOutcomeKind.Deferred, bundle.FileName, bundle.Manifest.SiteId, bundle.Manifest.Sequence, detail);
    }

    /// <summary>An entry that is not a bundle file: reported (the log warns once per process), never opened nor moved.</summary>
    private BundleOutcome Ignored(string fileName, string message, string? siteId = null, long sequence = 0)
    {
        var first = _refusedReported.Add(fileName + "\n" + message);
        _log.Write(Repeating && !first ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning, "{Message:l}", message);
        return new BundleOutcome(BundleOutcomeKind.Ignored, fileName, siteId, sequence, message);
    }

    private BundleOutcome Quarantine(string path, string? siteId, long sequence, string reason, bool damaged = false, bool holdsLaterBundles = true, string? refusedValue = null)
    {
        var fileName = Path.GetFileName(path);
        var damage = DamageClassification.Line(DamageClassification.Of(path, siteId, damaged, refusedValue, _signatures));
        var moved = _filing.ToQuarantine(path, OperatorAdvice.ErrorFile(fileName, siteId, sequence, reason, damaged, holdsLaterBundles, _clock.GetUtcNow(), refusedValue) + Environment.NewLine + damage + Environment.NewLine);
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
