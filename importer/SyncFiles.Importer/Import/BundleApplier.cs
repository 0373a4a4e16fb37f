using System.Security.Cryptography;
using System.Text.Json;
using Serilog;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Schema;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Applies one bundle in one transaction: under the site's lock it checks the ledger (applied
/// already? next in order?), then streams each table through verification into staging and the
/// merge (or, for a table that holds none of the site's rows yet, straight into it: <see cref="TableLoad"/>),
/// records the ledger row and commits. Any exception rolls everything back.
/// </summary>
public sealed class BundleApplier
{
    private readonly ServerSettings _settings;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;

    public BundleApplier(ServerSettings settings, ILogger log, TimeProvider clock)
    {
        _settings = settings;
        _log = log;
        _clock = clock;
    }

    /// <summary>
    /// The target engine's DDL: the ALTER TABLE named when a bundle column is missing, and run when
    /// the table's <c>"schemaChanges"</c> is <c>addColumns</c>. Null: neither.
    /// </summary>
    public ITargetSchemaWriter? SchemaWriter { get; init; }

    /// <summary>Where each table's progress is shown (the live display on a terminal); nowhere by default.</summary>
    public IProgressReporter Progress { get; set; } = NoProgress.Instance;

    /// <summary>
    /// The central table the last <see cref="TryApplyAsync"/> was working on when it stopped, or null
    /// when it stopped outside any table (the ledger, the commit): a failure's message names it.
    /// </summary>
    public string? TableInProgress { get; private set; }

    /// <summary>
    /// Applies the bundle unless another importer holds its site's lock at this moment: null then,
    /// and nothing was read or written (<see cref="ITargetConnection.TryBeginBundleAsync"/>).
    /// </summary>
    public async Task<BundleOutcome?> TryApplyAsync(InboxBundle bundle, ITargetConnection target, CancellationToken cancellationToken)
    {
        TableInProgress = null;
        var transaction = await target.TryBeginBundleAsync(bundle.Manifest.SiteId, cancellationToken);
        return transaction is null ? null : await ApplyLockedAsync(bundle, transaction, cancellationToken);
    }

    /// <summary>The ledger's checks and the bundle's tables, under the site's lock that <paramref name="lockedTransaction"/> holds (disposed here).</summary>
    private async Task<BundleOutcome> ApplyLockedAsync(InboxBundle bundle, ITargetTransaction lockedTransaction, CancellationToken cancellationToken)
    {
        var manifest = bundle.Manifest;
        var site = manifest.SiteId;
        await using var transaction = lockedTransaction;

        var last = await transaction.ReadLastSequenceAsync(site, cancellationToken);
        if (manifest.Sequence <= last)
        {
            var applied = await transaction.FindAppliedAsync(site, manifest.Sequence, cancellationToken);
            if (applied is not null && applied.Sha256 == bundle.Sha256)
            {
                return new BundleOutcome(BundleOutcomeKind.Duplicate, bundle.FileName, site, manifest.Sequence, ImporterText.Get(nameof(ImporterMessages.ApplyDuplicate), Utc(applied.AppliedUtc)))
                {
                    AppliedUtc = applied.AppliedUtc,
                };
            }

            if (applied is not null)
            {
                throw new BundleRejectedException(ImporterText.Get(
                    nameof(ImporterMessages.ApplyReplayed),
                    site,
                    manifest.Sequence,
                    Utc(applied.AppliedUtc),
                    applied.BundleId,
                    applied.Sha256,
                    manifest.BundleId,
                    bundle.Sha256,
                    OperatorAdvice.ReplayConflict(bundle.FileName, site, manifest.Sequence, last)))
                {
                    HoldsLaterBundles = false,
                };
            }

            // Only a full bundle applied over a gap skips sequences: what it skipped, it contains.
            return new BundleOutcome(BundleOutcomeKind.Superseded, bundle.FileName, site, manifest.Sequence, ImporterText.Get(nameof(ImporterMessages.ApplySuperseded), site, last));
        }

        if (manifest.Sequence > last + 1 && manifest.Mode != BundleMode.Full)
        {
            // The run adds what to do once it knows the bundle stays held (ImportRun).
            return new BundleOutcome(BundleOutcomeKind.Held, bundle.FileName, site, manifest.Sequence, ImporterText.Get(nameof(ImporterMessages.ApplyHeld), last + 1, site)) { WaitingFor = last + 1 };
        }

        if (manifest.Sequence > last + 1)
        {
            // A full bundle carries every row: it heals a lost bundle and restarts the chain from here.
            _log.Warning(ImporterText.Get(nameof(ImporterMessages.ApplyFullOverGap), bundle.FileName, last + 1, manifest.Sequence - 1, site));
        }

        await using var stream = InboxBundle.OpenRead(bundle.Path);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (sha256 != bundle.Sha256)
        {
            throw new IOException(ImporterText.Get(nameof(ImporterMessages.ApplyChangedWhileRead), bundle.FileName).English);
        }

        stream.Position = 0;

        // An encrypted bundle is decrypted again as it is read, chunk by chunk: nothing in clear on disk.
        using var content = bundle.Encryption is null ? null : EncryptionPolicy.For(_settings).Open(stream, bundle.FileName, bundle.Signature);
        using var reader = BundleReader.Open(content ?? (Stream)stream, bundle.FileName, _settings.Limits);
        using var block = Progress.BeginBundle($"syncfiles-import: {bundle.FileName} (site {site}, bundle {manifest.Sequence}, {manifest.Mode.ToString().ToLowerInvariant()})");
        var unchangedTables = await UnchangedReferenceTables.ReadAsync(_settings.Config.SkipUnchangedReferenceTables, manifest, transaction, cancellationToken);

        // Every central table is described and planned before any row is written: the order of the
        // merges comes from their foreign keys, not from the order of site.json.
        var work = new List<TableWork>();
        foreach (var table in reader.Manifest.Tables)
        {
            var tableConfig = _settings.FindTable(table.Name);
            TableInProgress = MappedNames.CentralTable(table.Name, tableConfig);
            var targetTable = tableConfig is null ? null : await transaction.DescribeTableAsync(tableConfig.CentralTable, cancellationToken);
            (targetTable, var additions) = await MissingColumnsAsync(transaction, manifest, table, tableConfig, targetTable, cancellationToken);
            var plan = MergePlanner.Plan(table, site, tableConfig, targetTable, c => additions.TryGetValue(tableConfig!.CentralColumn(c), out var addition) ? addition.Statement : null);
            var named = MappedNames.Both(table.Name, tableConfig);
            if (MergePlanner.LeftOut(table, tableConfig!, targetTable!) is { Count: > 0 } computed)
            {
                _log.Information(ImporterText.Get(nameof(ImporterMessages.ApplyComputedLeftOut), named, string.Join(", ", computed)));
            }

            work.Add(new TableWork(table, tableConfig!, targetTable!, plan));
        }

        TableInProgress = null;
        var order = LoadOrder.Plan(work.Select(w => w.Target).ToList());
        foreach (var cycle in order.Cycles)
        {
            if (cycle.Deferrable)
            {
                foreach (var group in cycle.Keys.GroupBy(k => k.Table))
                {
                    await transaction.DeferForeignKeysAsync(work[group.Key].Target, group.Select(k => k.Key).ToList(), cancellationToken);
                }

                _log.Debug("Tables {Tables} refer to each other: their foreign keys are checked at the commit", CycleTables(work, cycle));
            }
            else
            {
                _log.Warning(ImporterText.Get(nameof(ImporterMessages.ApplyCycleWarning), CycleTables(work, cycle), CycleKeys(cycle)));
            }
        }

        var results = new Dictionary<string, MergeResult>(StringComparer.Ordinal);
        try
        {
            foreach (var index in order.Merges)
            {
                var (table, tableConfig, targetTable, plan) = work[index];
                var started = _clock.GetTimestamp();
                TableInProgress = MappedNames.CentralTable(table.Name, tableConfig);
                var unchanged = unchangedTables.Unchanged(table, plan);
                MergeResult result;
                await using (var rows = new BundleTableReader(reader, table, checks: MergePlanner.ValueChecks(table, tableConfig, targetTable)))
                {
                    using var progress = Progress.BeginTable(table.Name, () => rows.RowsRead, () => rows.BytesRead);
                    result = unchanged is null
                        ? await TableLoad.ApplyAsync(transaction, plan, MergePlanner.Written(rows, table, tableConfig, targetTable), cancellationToken)
                        : await VerifyUnchangedAsync(rows, cancellationToken);
                    progress.Complete();
                }

                if (unchanged is not null)
                {
                    _log.Debug("Table {Table} unchanged since sequence {Sequence}: skipped", table.Name, unchanged.Sequence);
                }
                else
                {
                    await UnchangedReferenceTables.RememberAsync(transaction, manifest, table, plan, _clock.GetUtcNow(), cancellationToken);
                }

                results[table.Name] = result;
                var seconds = _clock.GetElapsedTime(started).TotalSeconds;
                _log.Information(result.Deleted > 0
                    ? ImporterText.Get(nameof(ImporterMessages.ApplyTableRowsDeleted), MappedNames.Both(table.Name, tableConfig), result.Staged, result.Inserted, result.Updated, result.Unchanged, result.Deleted, seconds)
                    : ImporterText.Get(nameof(ImporterMessages.ApplyTableRows), MappedNames.Both(table.Name, tableConfig), result.Staged, result.Inserted, result.Updated, result.Unchanged, seconds));
            }

            // Deletes after every upsert, children first: a parent row goes once no child row refers to it.
            foreach (var index in order.Deletes)
            {
                var (table, tableConfig, _, plan) = work[index];
                if (table.Deleted is null)
                {
                    continue;
                }

                var started = _clock.GetTimestamp();
                TableInProgress = MappedNames.CentralTable(table.Name, tableConfig);
                await using var keys = new BundleTableReader(reader, table, tombstones: true);
                using var progress = Progress.BeginTable($"{table.Name} (deleted)", () => keys.RowsRead, () => keys.BytesRead);
                var deleted = await transaction.DeleteAsync(plan, keys, cancellationToken);
                progress.Complete();
                results[table.Name] = results[table.Name] with { Deleted = results[table.Name].Deleted + deleted };
                _log.Information(ImporterText.Get(nameof(ImporterMessages.ApplyTableDeleted), MappedNames.Both(table.Name, tableConfig), deleted, _clock.GetElapsedTime(started).TotalSeconds));
            }

            TableInProgress = null;
            await transaction.RecordAsync(
                new LedgerEntry(site, manifest.Sequence, manifest.BundleId, bundle.Sha256, manifest.Mode, _clock.GetUtcNow(), results.Values.Sum(r => r.Staged), RowCountsJson(work, results)),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (ForeignKeyViolationException ex)
        {
            throw new BundleRejectedException(ForeignKeyAdvice.Advise(ex, work.Select(w => (w.Table.Name, w.Target)).ToList(), order, bundle.FileName), ex);
        }

        _log.Debug("Committed {Bundle}", bundle.FileName);
        var inManifestOrder = work.Where(w => results.ContainsKey(w.Table.Name)).ToDictionary(w => w.Table.Name, w => results[w.Table.Name], StringComparer.Ordinal);
        return new BundleOutcome(BundleOutcomeKind.Applied, bundle.FileName, site, manifest.Sequence, StatusWords.Mode(manifest.Mode), inManifestOrder);
    }

    /// <summary>
    /// The bundle columns the central table lacks, each with the ALTER TABLE that adds it (named in
    /// the refusal), added when the table's <c>"schemaChanges"</c> is <c>addColumns</c>: then the
    /// table is returned as described again.
    /// </summary>
    private async Task<(TargetTable? Target, Dictionary<string, (NewColumn Column, string Statement)> Additions)> MissingColumnsAsync(
        ITargetTransaction transaction, Manifest manifest, ManifestTable table, ServerTableConfig? tableConfig, TargetTable? targetTable, CancellationToken cancellationToken)
    {
        var additions = new Dictionary<string, (NewColumn Column, string Statement)>(StringComparer.OrdinalIgnoreCase);
        if (tableConfig is not null && targetTable is not null && SchemaWriter is not null
            && CentralTableDefinitions.MissingColumns(table, targetTable, tableConfig.CentralColumn) is { Count: > 0 } lacking)
        {
            var definitions = new CentralTableDefinitions(SchemaWriter, transaction, manifest.SourceProvider);
            foreach (var column in lacking)
            {
                additions[column.Name] = await definitions.AddedColumnAsync(targetTable.Name, column, cancellationToken);
            }

            if (_settings.AddsColumns(tableConfig))
            {
                targetTable = await AddColumnsAsync(transaction, table, targetTable, additions, cancellationToken);
            }
        }

        return (targetTable, additions);
    }

    /// <summary>
    /// <c>"schemaChanges": "addColumns"</c>: adds the bundle columns the central table lacks, each
    /// nullable, in the bundle's transaction (undone with it if the bundle fails), logs each, and
    /// describes the table again for the merge.
    /// </summary>
    private async Task<TargetTable?> AddColumnsAsync(ITargetTransaction transaction, ManifestTable table, TargetTable target, IReadOnlyDictionary<string, (NewColumn Column, string Statement)> additions, CancellationToken cancellationToken)
    {
        foreach (var (column, statement) in additions.Values)
        {
            await transaction.ExecuteSchemaChangeAsync(statement, cancellationToken);
            _log.Warning(ImporterText.Get(nameof(ImporterMessages.ApplyColumnAdded), table.Name, column.Name, column.Type, target.Name, statement));
        }

        return await transaction.DescribeTableAsync(target.Name, cancellationToken);
    }

    /// <summary>
    /// A table left out of the database work is still read to its end, so its header, CSV syntax,
    /// size, row count and SHA-256 are checked against the manifest. Its values are not parsed
    /// again: that SHA-256 is the one of a CSV whose every value was checked when it was applied.
    /// Its rows are reported as unchanged, which they are.
    /// </summary>
    private static Task<MergeResult> VerifyUnchangedAsync(BundleTableReader rows, CancellationToken cancellationToken)
    {
        var read = rows.SkipToEnd(cancellationToken);
        return Task.FromResult(new MergeResult(read, Inserted: 0, Updated: 0, Unchanged: read));
    }

    private static string CycleTables(List<TableWork> work, LoadOrder.Cycle cycle) =>
        string.Join(", ", cycle.Tables.Select(i => work[i].Target.Name));

    private static string CycleKeys(LoadOrder.Cycle cycle) =>
        string.Join("; ", cycle.Keys.Select(k => k.Key.Describe()));

    /// <summary>Per table, in the manifest's order, whatever order the merges took.</summary>
    private static string RowCountsJson(List<TableWork> work, Dictionary<string, MergeResult> all)
    {
        var results = work.Where(w => all.ContainsKey(w.Table.Name)).Select(w => (w.Table.Name, all[w.Table.Name]));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (table, result) in results)
            {
                json.WriteStartObject(table);
                json.WriteNumber("rows", result.Staged);
                json.WriteNumber("inserted", result.Inserted);
                json.WriteNumber("updated", result.Updated);
                json.WriteNumber("unchanged", result.Unchanged);
                json.WriteNumber("deleted", result.Deleted);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One bundle table, its central table and its plan.</summary>
    private sealed record TableWork(ManifestTable Table, ServerTableConfig Config, TargetTable Target, MergePlan Plan);

    /// <summary>A ledger time as messages show it: invariant, whatever the language.</summary>
    private static string Utc(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
