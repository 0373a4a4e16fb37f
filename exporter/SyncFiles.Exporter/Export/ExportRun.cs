using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.IO;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Signing;
using SyncFiles.Common.State;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// One export: read the state, open one consistent snapshot of the source, write every configured
/// table into a new bundle, publish it, and only then advance the state. Any failure before the
/// publish leaves no bundle and the state untouched, so the next run covers the same range again.
/// </summary>
public sealed class ExportRun
{
    private readonly SiteSettings _settings;
    private readonly ISourceProvider _source;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;

    public ExportRun(SiteSettings settings, ISourceProvider source, ILogger log, TimeProvider clock)
    {
        _settings = settings;
        _source = source;
        _log = log;
        _clock = clock;
    }

    /// <summary>Where each table's progress is shown (the live display on a terminal); nowhere by default.</summary>
    public IProgressReporter Progress { get; init; } = NoProgress.Instance;

    public async Task<ExportResult> ExecuteAsync(bool forceFull, CancellationToken cancellationToken)
    {
        var config = _settings.Config;
        var stateStore = new SyncStateStore(_settings.StateFilePath);
        using var exportLock = ExportLock.Take(stateStore.Path, config.SiteId);
        var state = stateStore.Load();
        if (state is not null && state.SiteId != config.SiteId)
        {
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.StateOfOtherSite), stateStore.Path, state.SiteId, config.SiteId));
        }

        // Loaded before the database is touched: a bad key is a configuration error, not a failed run.
        using var signingKey = _settings.SigningKeyPath is null ? null : SigningKeys.LoadPrivate(_settings.SigningKeyPath);
        using var encryption = BundleEncryption.Load(_settings);
        // After `syncfiles-export reset` of every table the bundle is full, so head office accepts it over a gap.
        var full = forceFull || state is null || state.PendingReset is { AllTables: true };
        var outbox = new Outbox(_settings.OutboxDirectory);
        var archive = new BundleArchive(_settings.ArchiveDirectory, config.Archive, _clock);
        outbox.RemoveStaleTemporaryFiles(config.SiteId);
        archive.RemoveStaleTemporaryFiles(config.SiteId);
        CatchUpArchive(archive, outbox, config.SiteId);
        RestoreUnrecorded(archive, outbox, config.SiteId, state?.LastSequence ?? 0);
        // Read once, before a receipt may prune the archive: the sequence never goes back.
        var counter = SequenceCounter.Read(state, outbox, archive, config.SiteId);
        var acknowledged = ActOnReceipt(archive, outbox, counter.Next - 1, state?.LastSequence ?? 0);
        var sequence = NextSequence(counter);
        var mode = full ? BundleMode.Full : BundleMode.Incremental;
        _log.Information(full ? ExporterText.Get(nameof(ExporterMessages.ExportingFull), config.SiteId, sequence, _source.Name) : ExporterText.Get(nameof(ExporterMessages.ExportingIncremental), config.SiteId, sequence, _source.Name));
        if (state?.PendingReset is { } reset)
        {
            _log.Information(reset.Tables is null
                ? ExporterText.Get(nameof(ExporterMessages.ResetPendingAll), reset.By, reset.AtUtc)
                : ExporterText.Get(nameof(ExporterMessages.ResetPendingTables), reset.By, reset.AtUtc, string.Join(", ", reset.Tables)));
        }

        await using var snapshot = await _source.OpenSnapshotAsync(config.Source.ConnectionString, _settings.BaseDirectory, _log, cancellationToken);
        var described = await CheckTablesAsync(snapshot, config.Tables, cancellationToken);
        using var pending = outbox.Create(config.SiteId, sequence, encrypted: encryption is not null);
        using var encrypting = encryption?.Encrypt(pending.Stream, config.SiteId, sequence);
        var tables = new List<ManifestTable>(config.Tables.Count);
        var nextWatermarks = new Dictionary<string, TableWatermark>(StringComparer.Ordinal);
        using (Progress.BeginBundle($"syncfiles-export: site {config.SiteId}, bundle {sequence} ({mode.ToString().ToLowerInvariant()})"))
        using (var bundle = new BundleWriter((Stream?)encrypting ?? pending.Stream, config.Compression, config.CompressionLevel))
        {
            foreach (var tableConfig in config.Tables)
            {
                var previous = state?.Tables.GetValueOrDefault(tableConfig.Name);
                var tableFull = forceFull || state?.PendingReset?.Covers(tableConfig.Name) == true;
                var (schema, key) = described[tableConfig.Name];
                var (table, watermark) = await ExportTableAsync(snapshot, bundle, tableConfig, schema, key, previous, tableFull, cancellationToken);
                tables.Add(table);
                if (watermark is not null)
                {
                    nextWatermarks[tableConfig.Name] = watermark;
                }
            }

            bundle.WriteManifest(new Manifest
            {
                FormatVersion = Manifest.CurrentFormatVersion,
                BundleId = Guid.NewGuid(),
                SiteId = config.SiteId,
                Sequence = sequence,
                Mode = mode,
                CreatedUtc = _clock.GetUtcNow(),
                Producer = new ProducerInfo("syncfiles-export", ProducerVersion),
                SourceProvider = _source.Name,
                Compression = config.Compression,
                Tables = tables,
            });
        }

        encrypting?.Finish();
        var manifest = ReadBack(pending, encrypting);
        if (encryption is not null)
        {
            _log.Information(ExporterText.Get(nameof(ExporterMessages.EncryptedFor), encryption.KeyId));
        }

        if (signingKey is not null)
        {
            // The signature is in place before the bundle gets its final name, so a reader that sees
            // the bundle can always find its signature beside it.
            pending.Stream.Position = 0;
            var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(pending.Stream, cancellationToken));
            var signature = BundleSigner.Sign(signingKey, config.SiteId, sequence, sha256);
            AtomicFile.WriteAllBytes(pending.FinalPath + BundleSignature.Extension, signature.ToJson());
            _log.Information(ExporterText.Get(nameof(ExporterMessages.SignedWith), signature.KeyId));
        }

        // Archived first: from the instant the bundle is in the outbox a courier may move it away,
        // and the archive must already hold it for `resend`.
        var archived = KeepInArchive(archive, pending);
        try
        {
            pending.Publish();
        }
        catch when (archived)
        {
            // Not published after all: the archive must not keep a bundle under a number the next
            // run will use again.
            archive.Forget(config.SiteId, sequence);
            throw;
        }

        _log.Information(ExporterText.Get(nameof(ExporterMessages.Published), pending.FinalPath));

        try
        {
            stateStore.Save(new SyncState
            {
                SiteId = config.SiteId,
                LastSequence = sequence,
                LastBundleId = manifest.BundleId,
                LastBundleFile = Path.GetFileName(pending.FinalPath),
                LastRunUtc = manifest.CreatedUtc,
                Tables = nextWatermarks,
                Resets = state?.Resets ?? [],
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PublishedButNotRecordedException(pending.FinalPath, stateStore.Path, ex);
        }

        PruneArchive(archive, config.SiteId, acknowledged);
        return new ExportResult(pending.FinalPath, manifest);
    }

    private static string ProducerVersion =>
        typeof(ExportRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private long NextSequence(SequenceCounter counter)
    {
        if (counter.HighestPublished > counter.FromState)
        {
            // A bundle was published but the run stopped before the state was saved: never reuse
            // its number (the importer would see two different bundles with one sequence).
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.SequenceAhead), counter.HighestPublished, counter.FromState, counter.Next));
        }

        return counter.Next;
    }

    // The archive is a convenience for resending: a failure there is a warning, never a failed
    // export. The bundle is in the outbox either way, and the next run archives what is missing.
    private void CatchUpArchive(BundleArchive archive, Outbox outbox, string siteId)
    {
        try
        {
            foreach (var sequence in archive.CatchUp(outbox, siteId))
            {
                _log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchivedLate), sequence));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchiveCatchUpFailed), archive.Directory, ex.Message));
        }
    }

    private bool KeepInArchive(BundleArchive archive, Outbox.PendingBundle pending)
    {
        var name = Path.GetFileName(pending.FinalPath);
        try
        {
            var kept = archive.KeepBeforePublishing(pending);
            _log.Debug("Archived {Bundle} in {Archive}", name, archive.Directory);
            return kept;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchiveKeepFailed), name, archive.Directory, ex.Message));
            return false;
        }
    }

    // A run that archived a bundle and then stopped (killed, power cut) before publishing it, or
    // before saving the state, leaves it in the archive only when a courier has emptied the outbox.
    private void RestoreUnrecorded(BundleArchive archive, Outbox outbox, string siteId, long lastRecorded)
    {
        try
        {
            foreach (var sequence in archive.RestoreUnrecorded(outbox, siteId, lastRecorded))
            {
                _log.Warning(ExporterText.Get(nameof(ExporterMessages.RestoredUnrecorded), sequence));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.RestoreFailed), outbox.Directory, ex.Message, lastRecorded + 1));
        }
    }

    /// <summary>
    /// Reads head office's receipt and, when it is new and trustworthy, acts on it: resends what head
    /// office waits for or received damaged, records it, and prunes the archive by what it
    /// acknowledges. Returns what the last accepted receipt acknowledged: 0 before the first one
    /// when site.json asks for receipts, null when it does not and none was ever accepted (the
    /// archive is then kept by age and count as before receipts). A receipts folder that cannot be
    /// read is a warning: the export itself goes on.
    /// </summary>
    private long? ActOnReceipt(BundleArchive archive, Outbox outbox, long newestSequence, long lastRecorded)
    {
        var siteId = _settings.Config.SiteId;
        var store = new AcknowledgementStore(_settings.StateFilePath);
        var known = store.Load();
        using var headOfficeKey = _settings.HeadOfficeKeyPath is null ? null : SigningKeys.LoadPublic(_settings.HeadOfficeKeyPath);
        var inbox = new ReceiptInbox(_settings.ReceiptsDirectory, siteId, headOfficeKey);
        var accepted = known?.Accepted;
        try
        {
            var verdict = inbox.Check(accepted, newestSequence);
            switch (verdict.Kind)
            {
                case ReceiptVerdictKind.None:
                    _log.Debug("No receipt from head office in {Folder}", _settings.ReceiptsDirectory);
                    break;
                case ReceiptVerdictKind.Seen:
                    _log.Debug("Receipt {Counter} was acted on already", accepted!.Counter);
                    break;
                case ReceiptVerdictKind.Ignored:
                    _log.Warning(ReceiptText.Get(nameof(ReceiptMessages.ReceiptIgnored), inbox.Path, verdict.Reason));
                    store.Save(new AcknowledgementState { SiteId = siteId, Accepted = accepted, Ignored = new IgnoredReceipt(_clock.GetUtcNow(), verdict.FileSha256!, verdict.Reason!.English) });
                    break;
                case ReceiptVerdictKind.New:
                    var receipt = verdict.Receipt!;
                    _log.Information(ReceiptText.Get(
                        verdict.Verified ? nameof(ReceiptMessages.ReceiptAcceptedVerified) : nameof(ReceiptMessages.ReceiptAcceptedUnverified),
                        receipt.Counter,
                        receipt.HeadOffice,
                        receipt.WrittenAt.UtcDateTime,
                        receipt.AppliedThrough));
                    accepted = new ReceiptActions(archive, outbox, siteId, _settings.ConfigPath, _log).Act(verdict, _clock.GetUtcNow());
                    store.Save(new AcknowledgementState { SiteId = siteId, Accepted = accepted });
                    PruneArchive(archive, siteId, accepted.AppliedThrough);
                    break;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ReceiptText.Get(nameof(ReceiptMessages.ReceiptsUnreadable), _settings.ReceiptsDirectory, LocalizedText.Untranslated(ex.Message)));
        }

        if (accepted is not null || _settings.ExpectsReceipts)
        {
            var overdue = UnacknowledgedBundles.Find(archive, siteId, accepted?.AppliedThrough ?? 0, lastRecorded, _settings.AckWarnAfter, _clock.GetUtcNow());
            if (overdue.Count > 0)
            {
                _log.Warning(ReceiptText.Get(
                    nameof(ReceiptMessages.ReceiptUnacknowledged),
                    BundleResend.Ranges(overdue.Select(o => o.Sequence).ToList()),
                    overdue[0].PublishedAt.UtcDateTime,
                    _settings.Config.AckWarnAfter));
            }
        }

        return accepted?.AppliedThrough ?? (_settings.ExpectsReceipts ? 0 : null);
    }

    private void PruneArchive(BundleArchive archive, string siteId, long? acknowledgedThrough)
    {
        try
        {
            if (archive.Prune(siteId, acknowledgedThrough) is { Count: > 0 } deleted)
            {
                if (acknowledgedThrough is not null)
                {
                    _log.Information(ReceiptText.Get(nameof(ReceiptMessages.ArchivePrunedAcknowledged), deleted[^1], deleted[0]));
                    return;
                }

                _log.Information(ExporterText.Get(nameof(ExporterMessages.ArchivePruned), deleted[^1], deleted[0]));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.ArchivePruneFailed), archive.Directory, ex.Message));
        }
    }

    /// <summary>
    /// Describes every configured table and checks each column, key and change column before the
    /// first bundle entry is written, and refuses them all in one <see cref="ConfigurationException"/>
    /// (exit 2): a person must fix the schema or the configuration, so an operator sees every
    /// problem at once instead of one per scheduled run. Anything else (a lost connection) is not
    /// caught here and fails the run as before.
    /// </summary>
    private static async Task<Dictionary<string, (TableSchema Schema, IReadOnlyList<string> Key)>> CheckTablesAsync(
        ISourceSnapshot snapshot, IReadOnlyList<SiteTableConfig> tables, CancellationToken cancellationToken)
    {
        var described = new Dictionary<string, (TableSchema, IReadOnlyList<string>)>(StringComparer.Ordinal);
        var problems = new List<LocalizedText>();
        foreach (var tableConfig in tables)
        {
            TableSchema schema;
            try
            {
                schema = await snapshot.DescribeTableAsync(tableConfig.Name, cancellationToken);
            }
            catch (ConfigurationException ex)
            {
                problems.AddRange(ex.ProblemTexts);
                continue;
            }

            var key = Check(problems, () => ResolveKey(schema, tableConfig));
            if (tableConfig.Kind == TableKind.Transaction)
            {
                Check(problems, () =>
                {
                    var column = tableConfig.ChangeColumn is null ? null : schema.Find(tableConfig.ChangeColumn)
                        ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoSuchChangeColumn), schema.Name, tableConfig.ChangeColumn));
                    return ChangeWindow.ResolveStrategy(schema.Name, column, tableConfig.Strategy);
                });
            }

            if (key is not null)
            {
                described[tableConfig.Name] = (schema, key);
            }
        }

        if (problems.Count > 0)
        {
            var heading = problems.Count == 1 ? ExporterText.Get(nameof(ExporterMessages.TableProblemsOne)) : ExporterText.Get(nameof(ExporterMessages.TableProblemsMany), problems.Count);
            throw new ConfigurationException([heading, .. problems.Select(p => ExporterText.Get(nameof(ExporterMessages.ProblemLine), p))]);
        }

        return described;
    }

    private static T? Check<T>(List<LocalizedText> problems, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ConfigurationException ex)
        {
            problems.AddRange(ex.ProblemTexts);
            return default;
        }
    }

    private async Task<(ManifestTable Table, TableWatermark? Watermark)> ExportTableAsync(
        ISourceSnapshot snapshot, BundleWriter bundle, SiteTableConfig tableConfig, TableSchema schema, IReadOnlyList<string> key, TableWatermark? previous, bool forceFull, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        var window = tableConfig.Kind == TableKind.Transaction
            ? await PlanWindowAsync(snapshot, schema, key, tableConfig, previous, forceFull, cancellationToken)
            : null;

        var rows = await WriteEntryAsync(
            schema.Name,
            bundle,
            BundleEntries.TableFile(schema.Name),
            () => snapshot.ReadRowsAsync(schema, window?.Range, cancellationToken),
            schema,
            key,
            cancellationToken,
            () => snapshot.TryReadRowsAsCsvAsync(schema, key, window?.Range, cancellationToken));

        TombstoneFile? deleted = null;
        if (window?.Range is { } range && await snapshot.ReadDeletedKeysAsync(schema, key, range, cancellationToken) is { } deletedKeys)
        {
            var keySchema = new TableSchema(schema.Name, key.Select(k => schema.Find(k)!).ToList(), key);
            var file = BundleEntries.DeletedFile(schema.Name);
            var tombstones = await WriteEntryAsync($"{schema.Name} (deleted)", bundle, file, () => Task.FromResult(deletedKeys), keySchema, key, cancellationToken);
            deleted = new TombstoneFile { File = file, Rows = tombstones.Rows, Bytes = tombstones.Bytes, Sha256 = tombstones.Sha256 };
        }

        var rangeText = window is null ? ExporterText.Get(nameof(ExporterMessages.WindowReference))
            : window.Range is null ? ExporterText.Get(nameof(ExporterMessages.WindowFull))
            : ExporterText.Get(nameof(ExporterMessages.WindowRange), window.Watermark.Column ?? "version", window.Watermark.From, window.Watermark.To);
        var seconds = _clock.GetElapsedTime(started).TotalSeconds;
        // "1 rows" reads badly in both languages (French counts 0 and 1 as singular).
        _log.Information(deleted is null
            ? ExporterText.Get(rows.Rows <= 1 ? nameof(ExporterMessages.TableExportedOneRow) : nameof(ExporterMessages.TableExported), schema.Name, rows.Rows, rangeText, seconds)
            : ExporterText.Get(nameof(ExporterMessages.TableExportedWithDeleted), schema.Name, rows.Rows, deleted.Rows, rangeText, seconds));

        return (new ManifestTable
        {
            Name = schema.Name,
            Kind = tableConfig.Kind,
            File = BundleEntries.TableFile(schema.Name),
            Key = key,
            Columns = schema.Columns.Select(ManifestColumn.From).ToList(),
            Rows = rows.Rows,
            Bytes = rows.Bytes,
            Sha256 = rows.Sha256,
            Watermark = window?.Watermark,
            Deletes = tableConfig.Deletes,
            Deleted = deleted,
        }, window?.NextState);
    }

    private async Task<ChangeWindow> PlanWindowAsync(
        ISourceSnapshot snapshot, TableSchema schema, IReadOnlyList<string> key, SiteTableConfig tableConfig, TableWatermark? previous, bool forceFull, CancellationToken cancellationToken)
    {
        ColumnSchema? column = null;
        if (tableConfig.ChangeColumn is not null)
        {
            column = schema.Find(tableConfig.ChangeColumn)
                ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoSuchChangeColumn), schema.Name, tableConfig.ChangeColumn));
            if (!await snapshot.IsIndexedAsync(schema, column.Name, cancellationToken))
            {
                _log.Warning(ExporterText.Get(nameof(ExporterMessages.NoChangeIndex), schema.Name, column.Name));
            }
        }

        var strategy = ChangeWindow.ResolveStrategy(schema.Name, column, tableConfig.Strategy);
        var upper = await snapshot.ReadUpperBoundAsync(schema, column, strategy, cancellationToken);
        if (!forceFull && previous?.To is not null && await snapshot.ReadOldestValidBoundAsync(schema, strategy, cancellationToken) is long oldest
            && long.TryParse(previous.To, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last) && last < oldest)
        {
            // Change tracking has already forgotten some changes since the last run (retention
            // shorter than the gap): only a full export is complete; deletions in the gap are lost.
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.ChangeTrackingForgot), schema.Name, last, oldest));
            forceFull = true;
        }

        var clock = strategy == ChangeStrategy.Timestamp && column is not null ? await snapshot.ReadClockAsync(schema, column, cancellationToken) : null;

        // Without a previous bound (first run, or a table new to the config) the plan exports everything,
        // or only the initial window when one is configured.
        var window = ChangeWindow.Plan(strategy, column, previous, upper, clock, forceFull, _settings.Overlap, _settings.InitialWindow);
        if (window.PreviousAheadOfClock is { } frozen)
        {
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.BoundAheadOfClock), schema.Name, frozen, ChangeWindow.Text(window.Limit), column?.Name));
        }

        if (window.PreviousInOtherForm is { } otherForm)
        {
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.BoundOtherForm), schema.Name, otherForm, column?.Name, column?.Type.ToString().ToLowerInvariant()));
        }

        if (window is { Newest: { } newest, Limit: { } limit } && column is not null)
        {
            var ahead = await CountAheadOfClockAsync(snapshot, schema, key, column, strategy, limit, newest, cancellationToken);
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.RowsAheadOfClock), schema.Name, ahead.Rows, column.Name, ChangeWindow.Text(limit), ahead.Largest, ahead.Key ?? "?"));
            window = window with { NextState = window.NextState with { AheadOfClock = ahead } };
        }

        return window;
    }

    // Rows dated beyond the bound are few unless a clock is badly wrong, and they are exported
    // anyway: reading them once more to count them costs at most what their export does.
    private static async Task<AheadOfClock> CountAheadOfClockAsync(
        ISourceSnapshot snapshot, TableSchema schema, IReadOnlyList<string> key, ColumnSchema column, ChangeStrategy strategy, object limit, object newest, CancellationToken cancellationToken)
    {
        var ordinals = key.Select(k => schema.Columns.ToList().FindIndex(c => c.Name == k)).ToList();
        string? firstKey = null;
        long rows = 0;
        await using (var reader = await snapshot.ReadRowsAsync(schema, new ChangeRange(strategy, column, limit, FromInclusive: false, newest), cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows++ == 0)
                {
                    // In ordinal order: the reader is sequential.
                    var values = ordinals.Order().ToDictionary(o => o, o => reader.IsDBNull(o) ? "NULL" : Convert.ToString(reader.GetValue(o), System.Globalization.CultureInfo.InvariantCulture));
                    firstKey = string.Join(", ", ordinals.Select(o => $"{schema.Columns[o].Name}={values[o]}"));
                }
            }
        }

        return new AheadOfClock(rows, ChangeWindow.Text(newest)!, firstKey);
    }

    // openCsv, when given, asks the database to format the CSV itself (faster: the rows are then
    // only counted, hashed and compressed here); when it returns null the reader's rows are formatted.
    private async Task<(long Rows, long Bytes, string Sha256)> WriteEntryAsync(
        string label,
        BundleWriter bundle,
        string file,
        Func<Task<DbDataReader>> open,
        TableSchema schema,
        IReadOnlyList<string> key,
        CancellationToken cancellationToken,
        Func<Task<Stream?>>? openCsv = null)
    {
        using var entry = bundle.OpenEntry(file);
        var writer = new TableCsvWriter(schema, key);
        using var progress = Progress.BeginTable(label, () => writer.RowsWritten, () => entry.Content.BytesCounted);
        long rows;
        if (openCsv is not null && await openCsv() is { } records)
        {
            await using (records)
            {
                _log.Debug("  {Table}: formatted by the database", label);
                rows = await writer.CopyAsync(records, entry.Content, cancellationToken);
            }
        }
        else
        {
            await using var reader = await open();
            rows = await writer.WriteAsync(reader, entry.Content, cancellationToken);
        }

        progress.Complete();

        return (rows, entry.Content.BytesCounted, entry.Content.FinishHash());
    }

    private static IReadOnlyList<string> ResolveKey(TableSchema schema, SiteTableConfig tableConfig)
    {
        if (tableConfig.Key is { Count: > 0 } configured)
        {
            var resolved = new List<string>(configured.Count);
            foreach (var name in configured)
            {
                var column = schema.Find(name) ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoSuchKeyColumn), schema.Name, name));
                resolved.Add(column.Name);
            }

            return resolved;
        }

        if (schema.PrimaryKey.Count == 0)
        {
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoPrimaryKey), schema.Name));
        }

        return schema.PrimaryKey;
    }

    private static Manifest ReadBack(Outbox.PendingBundle pending, Common.Encryption.EncryptingStream? encrypted)
    {
        // Re-open what was just written before it gets a final name: a bundle that this program
        // cannot read back must never be published. Encrypted, it is read through the payload key
        // the run still holds (the site has no private key): decrypted in memory, chunk by chunk.
        pending.Stream.Flush();
        pending.Stream.Position = 0;
        var name = Path.GetFileName(pending.FinalPath);
        using var plain = encrypted?.OpenWritten(pending.Stream, name);
        using var reader = BundleReader.Open((Stream?)plain ?? pending.Stream, name);
        return reader.Manifest;
    }
}
