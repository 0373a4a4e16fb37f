using System.Globalization;
using System.Text;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;
using SyncFiles.Common.Logging;
using SyncFiles.Common.State;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// <c>syncfiles-export reset</c>: the safe way to start a site over, instead of deleting the state
/// file. It clears the watermarks (of every table, or of the named ones) so the next run exports
/// them in full, and never touches the sequence: a number used again with other content is
/// quarantined by head office as a forged replay. When every table is reset the next bundle is
/// marked full, so head office accepts it even over a gap. The old state is kept as a backup and
/// the reset is recorded in the state's history and the log.
/// </summary>
public sealed class SiteReset
{
    private readonly SiteSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;

    private SiteReset(SiteSettings settings, TimeProvider clock, ILogger log, byte[] stateBytes, SyncState state, IReadOnlyList<string>? tables, long nextSequence)
    {
        _settings = settings;
        _clock = clock;
        _log = log;
        StateBytes = stateBytes;
        State = state;
        Tables = tables;
        NextSequence = nextSequence;
    }

    /// <summary>The tables reset, as configured; null: every table.</summary>
    public IReadOnlyList<string>? Tables { get; }

    public long NextSequence { get; }

    public string SiteId => _settings.Config.SiteId;

    private byte[] StateBytes { get; }

    private SyncState State { get; }

    /// <summary>Reads the state and checks the request; changes nothing.</summary>
    public static SiteReset Plan(SiteSettings settings, IReadOnlyList<string> tables, TimeProvider clock, ILogger log)
    {
        var config = settings.Config;
        var store = new SyncStateStore(settings.StateFilePath);
        if (!File.Exists(store.Path))
        {
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.ResetNoState), store.Path));
        }

        var bytes = File.ReadAllBytes(store.Path);
        var state = store.Load()!;
        if (state.SiteId != config.SiteId)
        {
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.ResetStateOfOtherSite), store.Path, state.SiteId, config.SiteId));
        }

        var named = new List<string>();
        foreach (var name in tables)
        {
            var table = config.Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.ResetUnknownTable), name, settings.ConfigPath));
            if (table.Kind == TableKind.Reference)
            {
                throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.ResetReferenceTable), table.Name));
            }

            if (!named.Contains(table.Name, StringComparer.Ordinal))
            {
                named.Add(table.Name);
            }
        }

        var transactionTables = config.Tables.Where(t => t.Kind == TableKind.Transaction).Select(t => t.Name).ToList();
        var all = named.Count == 0 || transactionTables.All(named.Contains);
        var counter = SequenceCounter.Read(
            state,
            new Outbox(settings.OutboxDirectory),
            new BundleArchive(settings.ArchiveDirectory, config.Archive, clock),
            config.SiteId);
        return new SiteReset(settings, clock, log, bytes, state, all ? null : named, counter.Next);
    }

    /// <summary>What the reset will do, in words for the person at the site (in the language of this run).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        void Line(string key, params object?[] arguments) => text.AppendLine(ExporterText.Get(key, arguments).Display);

        Line(nameof(ExporterMessages.ResetDescribeHeading), SiteId, _settings.StateFilePath);
        if (Tables is null)
        {
            Line(nameof(ExporterMessages.ResetDescribeAllCleared));
            Line(nameof(ExporterMessages.ResetDescribeAllNumbering), BundleFileName.Format(SiteId, NextSequence));
        }
        else
        {
            Line(Tables.Count == 1 ? nameof(ExporterMessages.ResetDescribeOneCleared) : nameof(ExporterMessages.ResetDescribeManyCleared), string.Join(", ", Tables));
            Line(nameof(ExporterMessages.ResetDescribeNumbering), BundleFileName.Format(SiteId, NextSequence));
        }

        Line(nameof(ExporterMessages.ResetDescribeBackup), Path.GetFileName(_settings.StateFilePath));
        return text.ToString();
    }

    /// <summary>Backs up the state and writes the reset one, under the export lock; returns the backup's path.</summary>
    public string Apply()
    {
        var store = new SyncStateStore(_settings.StateFilePath);
        ExportLock exportLock;
        try
        {
            exportLock = ExportLock.Take(store.Path, SiteId);
        }
        catch (SyncFilesException ex)
        {
            throw new SyncFilesException(ExporterText.Get(nameof(ExporterMessages.ResetLocked), SiteId, store.Path), ex);
        }

        using (exportLock)
        {
            if (!File.ReadAllBytes(store.Path).AsSpan().SequenceEqual(StateBytes))
            {
                throw new SyncFilesException(ExporterText.Get(nameof(ExporterMessages.ResetStateChanged), store.Path));
            }

            var now = _clock.GetUtcNow();
            var backup = FreeBackupPath(store.Path, now);
            AtomicFile.WriteAllBytes(backup, StateBytes);

            var by = $"{Environment.UserName}@{Environment.MachineName}";
            var pendingTables = Tables is null || State.PendingReset is { AllTables: true }
                ? null
                : (IReadOnlyList<string>)(State.PendingReset?.Tables ?? []).Union(Tables, StringComparer.OrdinalIgnoreCase).ToList();
            var entry = new StateReset(now, by, Tables, State.LastSequence, Path.GetFileName(backup));
            var watermarks = Tables is null
                ? new Dictionary<string, TableWatermark>()
                : State.Tables.Where(w => !Tables.Contains(w.Key, StringComparer.OrdinalIgnoreCase)).ToDictionary(StringComparer.Ordinal);
            store.Save(State with
            {
                Tables = watermarks,
                PendingReset = entry with { Tables = pendingTables },
                Resets = [.. State.Resets.TakeLast(SyncState.MaxResetHistory - 1), entry],
            });

            _log.Warning(Tables is null
                ? ExporterText.Get(nameof(ExporterMessages.ResetLogAll), SiteId, by, State.LastSequence, backup)
                : ExporterText.Get(nameof(ExporterMessages.ResetLogTables), SiteId, by, string.Join(", ", Tables), State.LastSequence, backup));
            return backup;
        }
    }

    private static string FreeBackupPath(string statePath, DateTimeOffset now)
    {
        var stem = $"{statePath}.{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var candidate = stem + ".bak";
        for (var n = 2; File.Exists(candidate); n++)
        {
            candidate = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}.bak";
        }

        return candidate;
    }
}
