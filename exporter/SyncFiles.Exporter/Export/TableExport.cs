using System.Data.Common;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.State;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// One table's part of a bundle: plans its change window from the previous watermark, writes its
/// rows (and deleted keys) as bundle entries from the run's snapshot, and describes them for the
/// manifest. The run decides when; this class knows how.
/// </summary>
internal sealed class TableExport
{
    private readonly ISourceSnapshot _snapshot;
    private readonly BundleWriter _bundle;
    private readonly SiteSettings _settings;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly IProgressReporter _progress;

    public TableExport(ISourceSnapshot snapshot, BundleWriter bundle, SiteSettings settings, ILogger log, TimeProvider clock, IProgressReporter progress)
    {
        _snapshot = snapshot;
        _bundle = bundle;
        _settings = settings;
        _log = log;
        _clock = clock;
        _progress = progress;
    }

    /// <summary>
    /// Writes the table's entry (and its tombstones, when the change strategy reports deletions)
    /// and returns its manifest entry with the watermark the state records once the bundle is
    /// published (null for a reference table).
    /// </summary>
    public async Task<(ManifestTable Table, TableWatermark? Watermark)> ExportAsync(
        SiteTableConfig tableConfig, TableSchema schema, IReadOnlyList<string> key, TableWatermark? previous, bool forceFull, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        var window = tableConfig.Kind == TableKind.Transaction
            ? await PlanWindowAsync(schema, key, tableConfig, previous, forceFull, cancellationToken)
            : null;

        var rows = await WriteEntryAsync(
            schema.Name,
            BundleEntries.TableFile(schema.Name),
            () => _snapshot.ReadRowsAsync(schema, window?.Range, cancellationToken),
            schema,
            key,
            cancellationToken,
            () => _snapshot.TryReadRowsAsCsvAsync(schema, key, window?.Range, cancellationToken));

        TombstoneFile? deleted = null;
        if (window?.Range is { } range && await _snapshot.ReadDeletedKeysAsync(schema, key, range, cancellationToken) is { } deletedKeys)
        {
            var keySchema = new TableSchema(schema.Name, key.Select(k => schema.Find(k)!).ToList(), key);
            var file = BundleEntries.DeletedFile(schema.Name);
            var tombstones = await WriteEntryAsync($"{schema.Name} (deleted)", file, () => Task.FromResult(deletedKeys), keySchema, key, cancellationToken);
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
        TableSchema schema, IReadOnlyList<string> key, SiteTableConfig tableConfig, TableWatermark? previous, bool forceFull, CancellationToken cancellationToken)
    {
        ColumnSchema? column = null;
        if (tableConfig.ChangeColumn is not null)
        {
            column = schema.Find(tableConfig.ChangeColumn)
                ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.NoSuchChangeColumn), schema.Name, tableConfig.ChangeColumn));
            if (!await _snapshot.IsIndexedAsync(schema, column.Name, cancellationToken))
            {
                _log.Warning(ExporterText.Get(nameof(ExporterMessages.NoChangeIndex), schema.Name, column.Name));
            }
        }

        var strategy = ChangeWindow.ResolveStrategy(schema.Name, column, tableConfig.Strategy);
        var upper = await _snapshot.ReadUpperBoundAsync(schema, column, strategy, cancellationToken);
        if (!forceFull && previous?.To is not null && await _snapshot.ReadOldestValidBoundAsync(schema, strategy, cancellationToken) is long oldest
            && long.TryParse(previous.To, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var last) && last < oldest)
        {
            // Change tracking has already forgotten some changes since the last run (retention
            // shorter than the gap): only a full export is complete; deletions in the gap are lost.
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.ChangeTrackingForgot), schema.Name, last, oldest));
            forceFull = true;
        }

        var clock = strategy == ChangeStrategy.Timestamp && column is not null ? await _snapshot.ReadClockAsync(schema, column, cancellationToken) : null;

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
            var ahead = await CountAheadOfClockAsync(schema, key, column, strategy, limit, newest, cancellationToken);
            _log.Warning(ExporterText.Get(nameof(ExporterMessages.RowsAheadOfClock), schema.Name, ahead.Rows, column.Name, ChangeWindow.Text(limit), ahead.Largest, ahead.Key ?? "?"));
            window = window with { NextState = window.NextState with { AheadOfClock = ahead } };
        }

        return window;
    }

    // Rows dated beyond the bound are few unless a clock is badly wrong, and they are exported
    // anyway: reading them once more to count them costs at most what their export does.
    private async Task<AheadOfClock> CountAheadOfClockAsync(
        TableSchema schema, IReadOnlyList<string> key, ColumnSchema column, ChangeStrategy strategy, object limit, object newest, CancellationToken cancellationToken)
    {
        var ordinals = key.Select(k => schema.Columns.ToList().FindIndex(c => c.Name == k)).ToList();
        string? firstKey = null;
        long rows = 0;
        await using (var reader = await _snapshot.ReadRowsAsync(schema, new ChangeRange(strategy, column, limit, FromInclusive: false, newest), cancellationToken))
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
        string file,
        Func<Task<DbDataReader>> open,
        TableSchema schema,
        IReadOnlyList<string> key,
        CancellationToken cancellationToken,
        Func<Task<Stream?>>? openCsv = null)
    {
        using var entry = _bundle.OpenEntry(file);
        var writer = new TableCsvWriter(schema, key);
        using var progress = _progress.BeginTable(label, () => writer.RowsWritten, () => entry.Content.BytesCounted);
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
}
