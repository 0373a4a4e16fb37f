using System.Reflection;
using System.Security.Cryptography;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
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
        // Once the run holds its lock (a second run refused by it touches no database): opened on
        // another thread while the run reads its state and folders, taken below, where it was opened
        // before (docs/performance.md, "Connection and catalog before the COPY").
        await using var opening = SnapshotOpening.Start(_source, config.Source.ConnectionString, _settings.BaseDirectory, _log, cancellationToken);
        // On a core that is idle while the run waits for its source: what the run does after the COPY
        // then finds its code compiled and its libraries loaded.
        ExportWarmUp.Start(config.SiteId, config.Compression, config.CompressionLevel, _log);
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
        archive.CatchUpOrWarn(outbox, config.SiteId, _log);
        archive.RestoreUnrecordedOrWarn(outbox, config.SiteId, state?.LastSequence ?? 0, _log);
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

        await using var snapshot = await opening.TakeAsync();
        var described = await TableCheck.DescribeAllAsync(snapshot, config.Tables, cancellationToken);
        using var pending = outbox.Create(config.SiteId, sequence, encrypted: encryption is not null);
        using var encrypting = encryption?.Encrypt(pending.Stream, config.SiteId, sequence);
        var tables = new List<ManifestTable>(config.Tables.Count);
        var nextWatermarks = new Dictionary<string, TableWatermark>(StringComparer.Ordinal);
        using (Progress.BeginBundle($"syncfiles-export: site {config.SiteId}, bundle {sequence} ({mode.ToString().ToLowerInvariant()})"))
        using (var bundle = new BundleWriter((Stream?)encrypting ?? pending.Stream, config.Compression, config.CompressionLevel))
        {
            var tableExport = new TableExport(snapshot, bundle, _settings, _log, _clock, Progress);
            foreach (var tableConfig in config.Tables)
            {
                var previous = state?.Tables.GetValueOrDefault(tableConfig.Name);
                var tableFull = forceFull || state?.PendingReset?.Covers(tableConfig.Name) == true;
                var (schema, key) = described[tableConfig.Name];
                var (table, watermark) = await tableExport.ExportAsync(tableConfig, schema, key, previous, tableFull, cancellationToken);
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

        // On the disk before anything names it: the archive may link to this very file.
        pending.FlushToDisk();

        // Archived first: from the instant the bundle is in the outbox a courier may move it away,
        // and the archive must already hold it for `resend`.
        var archived = archive.KeepBeforePublishingOrWarn(pending, _log);
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

        archive.PruneOrWarn(config.SiteId, acknowledged, _log);
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
                    archive.PruneOrWarn(siteId, accepted.AppliedThrough, _log);
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
