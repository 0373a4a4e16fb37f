using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Receipts;
using SyncFiles.Importer.Text;

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
    private readonly EncryptionPolicy _encryption;
    private readonly ArrivalCheck _arrivals;
    private readonly Dictionary<string, FileSnapshot?> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly FailureStrikes _strikes;
    private readonly RefusalsReported _refusedReported = new();
    private bool _targetReached;
    private readonly SiteReceipts _receipts;
    private string? _receiptedPass;

    // When this pass listed the inbox, and the bundles it applied itself: a duplicate the ledger
    // says was applied after that, by someone else, is another importer's to file (HandleAsync).
    private DateTimeOffset _passStarted;
    private readonly HashSet<(string Site, long Sequence)> _appliedThisPass = [];

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
        _encryption = EncryptionPolicy.For(settings);
        _clock = clock;
        _strikes = FailureStrikes.Load(settings.QuarantineDirectory);
        _receipts = new SiteReceipts(settings, provider, log, clock);
    }

    /// <summary>How many refused or unreadable inbox entries this run remembers having reported (tests: it stays bounded by the inbox).</summary>
    internal int RefusalsRemembered => _refusedReported.Count;

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
        _passStarted = _clock.GetUtcNow();
        _appliedThisPass.Clear();
        FilingDirectories.Check(_settings);
        var listing = InboxScanner.Scan(_settings.InboxDirectory);
        var paths = listing.Bundles;
        _arrivals.ForgetAllBut(paths);
        _seen.Clear();
        _refusedReported.NewPass();
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
                var bundle = InboxBundle.Read(path, _signatures, _encryption, _settings.Limits);
                if (ArrivalCheck.HowChanged(path, before) is { } reason)
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
                outcomes.Add(_arrivals.WhyStillArriving(path, before) is { } reason
                    ? Arriving(path, null, 0, reason)

                    // Unread, so its site and sequence are unknown: it holds nothing back.
                    : Quarantine(path, null, 0, ((SyncFilesException)ex).Text, damaged: ex is BundleFormatException));
            }
            catch (NotAFileException ex)
            {
                // Swapped between the listing and the open, or a signature that is not a file.
                outcomes.Add(Ignored(Path.GetFileName(path), ex.Text));
            }
            catch (IOException ex) when (File.Exists(path))
            {
                // Locked by the program copying it (Windows): a later pass.
                outcomes.Add(Arriving(path, null, 0, ImporterText.Get(nameof(ImporterMessages.RunCannotReadYet), ex.Message)));
            }
            catch (IOException ex)
            {
                // Another importer took it.
                _log.Warning(ImporterText.Get(nameof(ImporterMessages.RunSkipping), Path.GetFileName(path), ex.Message));
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

        if (bundles.Count == 0)
        {
            // Nothing to apply, yet a head office set up wrongly (a misspelt database, a server
            // that refuses us) is seen the first night rather than the first night a bundle comes.
            await CheckTargetAsync(cancellationToken);
        }

        if (bundles.Count == 0 && outcomes.Count == 0)
        {
            _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information, ImporterText.Get(nameof(ImporterMessages.RunInboxEmpty), _settings.InboxDirectory));
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
            var sites = new Queue<(List<InboxBundle> Bundles, bool LastTry)>();
            foreach (var site in bundles.GroupBy(b => b.Manifest.SiteId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ordered = site.OrderBy(b => b.Manifest.Sequence).ThenBy(b => b.FileName, StringComparer.Ordinal).ToList();
                if (!_settings.IsKnownSite(site.Key))
                {
                    outcomes.AddRange(ordered.Select(b => Quarantine(b.Path, site.Key, b.Manifest.Sequence,
                        ImporterText.Get(nameof(ImporterMessages.RunUnknownSite), site.Key, b.FileName),
                        holdsLaterBundles: false)));
                    continue;
                }

                sites.Enqueue((ordered, false));
            }

            while (sites.TryDequeue(out var site))
            {
                if (reopen)
                {
                    // A failed bundle may have left the connection unusable (a COPY cut short, a
                    // lost socket): the next site gets a fresh one, so one site never stops another.
                    var used = target;
                    target = null;
                    await used.DisposeAsync();
                    target = await OpenTargetAsync(cancellationToken);
                }

                var (siteOutcomes, left) = await HandleSiteAsync(site.Bundles, target, cancellationToken);
                outcomes.AddRange(siteOutcomes);
                reopen = siteOutcomes.Any(o => o.Kind == BundleOutcomeKind.Failed);
                if (left.Count == 0)
                {
                    continue;
                }

                if (!site.LastTry)
                {
                    // Another importer is applying this site: waiting for it would only walk the
                    // sites behind it in step with it. The other sites first, then this one's once more.
                    _log.Debug("Site {Site}: another importer holds its lock; tried again at the end of the pass", left[0].Manifest.SiteId);
                    sites.Enqueue((left, true));
                    continue;
                }

                outcomes.AddRange(LeftToAnother(left));
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

    /// <summary>
    /// Opens the central database and reads its ledger (creating it as a run with a bundle would),
    /// once per run, or in watch mode until it has worked once: failures surface as a run's would.
    /// </summary>
    private async Task CheckTargetAsync(CancellationToken cancellationToken)
    {
        if (_targetReached)
        {
            return;
        }

        await using var target = await OpenTargetAsync(cancellationToken);
        await target.ReadLastSequencesAsync(cancellationToken);
    }

    private async Task<ITargetConnection> OpenTargetAsync(CancellationToken cancellationToken)
    {
        var target = await _provider.OpenAsync(_settings.Config.Target.ConnectionString, _settings.BaseDirectory, _log, cancellationToken);
        try
        {
            await target.EnsureLedgerAsync(cancellationToken);
            _targetReached = true;
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
    /// (<see cref="SiteBudget"/>), its other bundles are deferred to the next run. When another
    /// importer holds the site's lock, the bundles not yet handled are returned as left, in order.
    /// </summary>
    private async Task<(List<BundleOutcome> Outcomes, List<InboxBundle> Left)> HandleSiteAsync(List<InboxBundle> ordered, ITargetConnection target, CancellationToken cancellationToken)
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
                if (usedBytes > 0 && _settings.SiteBudget.Over(bundle.Manifest.SiteId, usedBytes, bytes, _clock.GetElapsedTime(started)) is { } over)
                {
                    // This site has made progress in this run; the other sites get their turn.
                    outcomes.AddRange(remaining.Skip(i).Select(b => Deferred(b, over)));
                    break;
                }

                if (await HandleAsync(bundle, target, cancellationToken) is not { } outcome)
                {
                    // The bundles held so far come before this one: the left stay in sequence order.
                    return (outcomes, held.Select(h => h.Bundle).Concat(remaining.Skip(i)).ToList());
                }

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
                    return (outcomes, []);
                }
            }

            if (!applied || held.Count == 0 || outcomes.Any(o => o.Kind == BundleOutcomeKind.Deferred))
            {
                foreach (var (bundle, outcome) in held)
                {
                    var site = bundle.Manifest.SiteId;
                    var advised = outcome with { Detail = OperatorAdvice.Held(site, outcome.WaitingFor, FindQuarantined(site, outcome.WaitingFor)) };
                    _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning, ImporterText.Get(nameof(ImporterMessages.RunHeld), bundle.FileName, advised.Detail));
                    outcomes.Add(advised);
                }

                return (outcomes, []);
            }

            remaining = held.Select(h => h.Bundle).ToList();
        }
    }

    /// <summary>One bundle: applied, filed or refused; null when another importer holds its site's lock (nothing done).</summary>
    private async Task<BundleOutcome?> HandleAsync(InboxBundle bundle, ITargetConnection target, CancellationToken cancellationToken)
    {
        var manifest = bundle.Manifest;
        if (!File.Exists(bundle.Path))
        {
            // Filed by another importer since the listing: no need to ask the ledger.
            return new BundleOutcome(BundleOutcomeKind.Skipped, bundle.FileName, manifest.SiteId, manifest.Sequence, ImporterText.Get(nameof(ImporterMessages.RunTakenByAnother)));
        }

        BundleOutcome outcome;
        try
        {
            if (await _applier.TryApplyAsync(bundle, target, cancellationToken) is not { } applied)
            {
                return null;
            }

            outcome = applied;
        }
        catch (Exception ex) when (ex is BundleFormatException or BundleRejectedException || _provider.IsRejectedData(ex))
        {
            if (ex is BundleFormatException && _arrivals.WhyStillArriving(bundle.Path, _seen.GetValueOrDefault(bundle.Path)) is { } arriving)
            {
                // Damaged only because the copy is not finished (some tools write out of order).
                return Arriving(bundle.Path, manifest.SiteId, manifest.Sequence, arriving);
            }

            _strikes.Forget(bundle.Sha256);
            var reason = ex is SyncFilesException known ? known.Text : TargetRefused(bundle.FileName, _applier.TableInProgress, ex.Message);
            return Quarantine(bundle.Path, manifest.SiteId, manifest.Sequence, reason, damaged: ex is BundleFormatException, holdsLaterBundles: ex is not BundleRejectedException { HoldsLaterBundles: false }, refusedValue: (ex as BundleFormatException)?.RefusedValue);
        }
        catch (NotAFileException ex)
        {
            return Ignored(bundle.FileName, ex.Text, manifest.SiteId, manifest.Sequence);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new BundleOutcome(BundleOutcomeKind.Skipped, bundle.FileName, manifest.SiteId, manifest.Sequence, ImporterText.Get(nameof(ImporterMessages.RunTakenByAnother)));
        }
        catch (IOException) when (_arrivals.WhyStillArriving(bundle.Path, _seen.GetValueOrDefault(bundle.Path)) is { } arriving)
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
            _log.Error(ImporterText.Get(nameof(ImporterMessages.RunNotAppliedRetry), bundle.FileName, Describe(ex, _applier.TableInProgress)));
            return new BundleOutcome(BundleOutcomeKind.Failed, bundle.FileName, manifest.SiteId, manifest.Sequence, Describe(ex, _applier.TableInProgress));
        }
#pragma warning disable CA1031 // Counted per bundle and reported: one bundle's unexpected failure never stops the other sites.
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return Strike(bundle, ex);
        }

        _strikes.Forget(bundle.Sha256);
        if (outcome.Kind == BundleOutcomeKind.Duplicate && outcome.AppliedUtc > _passStarted && !_appliedThisPass.Contains((manifest.SiteId, manifest.Sequence)))
        {
            // Applied by another importer while this pass ran: it files the bundle itself, as
            // applied, once its commit is done; filing it here as a duplicate would race it. Should
            // it stop before, the next pass finds the ledger older than itself and files it.
            _log.Debug("{File}: applied by another importer during this pass; left for it to file", bundle.FileName);
            return new BundleOutcome(BundleOutcomeKind.Skipped, bundle.FileName, manifest.SiteId, manifest.Sequence, ImporterText.Get(nameof(ImporterMessages.RunTakenByAnother)));
        }

        switch (outcome.Kind)
        {
            case BundleOutcomeKind.Applied:
                _appliedThisPass.Add((manifest.SiteId, manifest.Sequence));
                _filing.ToProcessed(bundle.Path);
                _log.Information(ImporterText.Get(nameof(ImporterMessages.RunApplied), bundle.FileName, outcome.RowsTotal));
                break;
            case BundleOutcomeKind.Duplicate:
                _filing.ToProcessed(bundle.Path, "duplicate");
                _log.Information(ImporterText.Get(nameof(ImporterMessages.RunDuplicate), bundle.FileName, outcome.Detail));
                break;
            case BundleOutcomeKind.Superseded:
                _filing.ToProcessed(bundle.Path, "superseded");
                _log.Warning(ImporterText.Get(nameof(ImporterMessages.RunSuperseded), bundle.FileName, outcome.Detail));
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
        var strike = _strikes.Record(bundle, Fingerprint(ex, _applier.TableInProgress), error.English, _clock.GetUtcNow());

        // The stack helps a bug report; the operator's line says what happened and what comes next.
        _log.Debug(ex, "{File}: unexpected failure", bundle.FileName);
        if (strike.Count >= FailureStrikes.Limit)
        {
            _strikes.Forget(bundle.Sha256);
            return Quarantine(bundle.Path, manifest.SiteId, manifest.Sequence, Struck(bundle.FileName, strike.Count, strike.FirstUtc, error, _applier.TableInProgress));
        }

        _log.Error(ImporterText.Get(nameof(ImporterMessages.RunStrike), bundle.FileName, strike.Count, FailureStrikes.Limit, error));
        return new BundleOutcome(
            BundleOutcomeKind.Failed,
            bundle.FileName,
            manifest.SiteId,
            manifest.Sequence,
            ImporterText.Get(nameof(ImporterMessages.RunStrikeDetail), strike.Count, FailureStrikes.Limit, error));
    }

    /// <summary>A target that cannot take the bundle as it stands: which table, what the database said, what to change.</summary>
    private static LocalizedText TargetRefused(string fileName, string? table, string message)
    {
        var where = table is null ? ImporterText.Get(nameof(ImporterMessages.RunTheCentralDatabase)) : ImporterText.Get(nameof(ImporterMessages.RunTheCentralTable), table);
        return ImporterText.Get(nameof(ImporterMessages.RunTargetRefused), fileName, where, message);
    }

    /// <summary>A bundle quarantined after failing the same way on <paramref name="count"/> consecutive runs.</summary>
    private static LocalizedText Struck(string fileName, int count, DateTimeOffset first, LocalizedText error, string? table)
    {
        var since = first.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return table is null
            ? ImporterText.Get(nameof(ImporterMessages.RunStruck), fileName, count, since, error)
            : ImporterText.Get(nameof(ImporterMessages.RunStruckTable), fileName, count, since, error, table);
    }

    /// <summary>The failure's message with the central table it happened in and, for what is not one of ours, its type.</summary>
    private static LocalizedText Describe(Exception ex, string? table)
    {
        var what = ex is SyncFilesException known ? known.Text
            : LocalizedText.Untranslated(ex is System.Data.Common.DbException or IOException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}");
        return table is not null && !what.English.Contains($"table {table}", StringComparison.Ordinal) ? ImporterText.Get(nameof(ImporterMessages.RunInTable), table, what) : what;
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

    private BundleOutcome Arriving(string path, string? siteId, long sequence, LocalizedText reason)
    {
        var fileName = Path.GetFileName(path);
        _log.Write(Repeating ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information, ImporterText.Get(nameof(ImporterMessages.RunLeftForNow), fileName, reason));
        return new BundleOutcome(BundleOutcomeKind.Arriving, fileName, siteId, sequence, ImporterText.Get(nameof(ImporterMessages.RunArrivingDetail), reason));
    }

    /// <summary>
    /// Why a bundle's file name does not match its manifest, or null when it does. Operators read
    /// the file name (the filing, the logs, the status page), so a bundle named for another site or
    /// sequence is refused rather than applied as what its name does not say: a renamed file is a
    /// mistake or an attack. The name must begin with <c>SITE-SEQUENCE</c> (site without case); what
    /// follows after a character other than a letter or digit is a courier's own
    /// (<c>AG01-00000003.copy1.zip</c>, <c>AG01-00000003 (2).zip</c>, <c>AG01-00000003-copy.zip</c>).
    /// </summary>
    private static LocalizedText? Misnamed(InboxBundle bundle)
    {
        var manifest = bundle.Manifest;
        var expected = Common.Bundle.BundleFileName.Format(manifest.SiteId, manifest.Sequence);
        var stem = Path.GetFileNameWithoutExtension(expected);
        var name = bundle.FileName;
        if (name.Length > stem.Length && name.StartsWith(stem, StringComparison.OrdinalIgnoreCase) && !char.IsAsciiLetterOrDigit(name[stem.Length]))
        {
            return null;
        }

        return ImporterText.Get(bundle.Signature is null ? nameof(ImporterMessages.RunMisnamed) : nameof(ImporterMessages.RunMisnamedSigned), name, manifest.SiteId, manifest.Sequence, expected);
    }

    /// <summary>A bundle the importer's account may not read: left in the inbox (its site is unknown, so it holds nothing back) and reported once per process.</summary>
    private BundleOutcome Unreadable(string path, string message)
    {
        var fileName = Path.GetFileName(path);
        var detail = ImporterText.Get(nameof(ImporterMessages.RunUnreadable), fileName, message);
        var first = _refusedReported.FirstTime(fileName + "\n" + detail.English);
        _log.Write(Repeating && !first ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Error, detail);
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
    private static LocalizedText UnexpectedWhileReading(string fileName, Exception ex) =>
        ImporterText.Get(nameof(ImporterMessages.RunUnexpectedWhileReading), fileName, ex.GetType().Name, ex.Message.ReplaceLineEndings(" "));

    /// <summary>
    /// A site whose lock another importer still held when tried again at the end of the pass: that
    /// importer has its bundles, so they stay in the inbox for it (or for the next run or watch
    /// pass), told once, and not a failure.
    /// </summary>
    private IEnumerable<BundleOutcome> LeftToAnother(List<InboxBundle> left)
    {
        var site = left[0].Manifest.SiteId;
        var detail = ImporterText.Get(nameof(ImporterMessages.RunSiteLeftToAnother), site);
        _log.Information(detail);
        return left.Select(b => new BundleOutcome(BundleOutcomeKind.Skipped, b.FileName, site, b.Manifest.Sequence, detail));
    }

    /// <summary>A bundle left in the inbox for the next run: its site has had its budget for this one.</summary>
    private BundleOutcome Deferred(InboxBundle bundle, LocalizedText over)
    {
        var detail = ImporterText.Get(nameof(ImporterMessages.RunDeferredDetail), over);
        _log.Warning(ImporterText.Get(nameof(ImporterMessages.RunDeferred), bundle.FileName, detail));
        return new BundleOutcome(BundleOutcomeKind.Deferred, bundle.FileName, bundle.Manifest.SiteId, bundle.Manifest.Sequence, detail);
    }

    /// <summary>An entry that is not a bundle file: reported (the log warns once per process), never opened nor moved.</summary>
    private BundleOutcome Ignored(string fileName, LocalizedText message, string? siteId = null, long sequence = 0)
    {
        var first = _refusedReported.FirstTime(fileName + "\n" + message.English);
        _log.Write(Repeating && !first ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Warning, message);
        return new BundleOutcome(BundleOutcomeKind.Ignored, fileName, siteId, sequence, message);
    }

    private BundleOutcome Quarantine(string path, string? siteId, long sequence, LocalizedText reason, bool damaged = false, bool holdsLaterBundles = true, string? refusedValue = null)
    {
        var fileName = Path.GetFileName(path);
        var damage = DamageClassification.Line(DamageClassification.Of(path, siteId, damaged, refusedValue, _signatures));
        var moved = _filing.ToQuarantine(path, OperatorAdvice.ErrorFile(fileName, siteId, sequence, reason, damaged, holdsLaterBundles, _clock.GetUtcNow(), refusedValue) + Environment.NewLine + damage + Environment.NewLine);
        _log.Error(ImporterText.Get(nameof(ImporterMessages.RunQuarantined), fileName, reason));
        return new BundleOutcome(BundleOutcomeKind.Quarantined, fileName, siteId, sequence, moved is null ? reason : ImporterText.Get(nameof(ImporterMessages.RunMovedTo), reason, moved, Path.GetFileName(moved)));
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
            .Concat(Directory.EnumerateFiles(quarantine, stem + "*" + Common.Bundle.BundleFileName.Extension + Common.Encryption.EncryptedBundleFile.Extension))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.StartsWith(stem + ".", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .LastOrDefault();
    }
}
