using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.State;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>What <c>syncfiles-export status</c> reports: read from the state file and the outbox, never the database.</summary>
public sealed record ExportStatus(
    string SiteId,
    string StateFile,
    long LastSequence,
    string? LastBundleFile,
    DateTimeOffset? LastRunUtc,
    IReadOnlyDictionary<string, TableWatermark> Watermarks,
    string Outbox,
    IReadOnlyList<string> WaitingInOutbox,
    string Archive,
    ArchivedRange? Archived,
    long NextSequence,
    StateReset? PendingReset,
    ReceiptStatus Receipts)
{
    /// <summary>What needs a person: unacknowledged bundles past ackWarnAfter, content refusals, gaps the archive cannot fill, ignored receipts.</summary>
    public IReadOnlyList<string> Warnings => Receipts.Warnings();

    /// <summary>site.json's <c>encryptTo</c>: the key bundles are encrypted for, or why it cannot be used; null when bundles are not encrypted.</summary>
    public EncryptionStatus? Encryption { get; init; }

    /// <summary>False when <see cref="Warnings"/> has any: <c>status --fail-unless-ok</c> then exits 5.</summary>
    public bool Ok => Warnings.Count == 0;

    public static ExportStatus Read(SiteSettings settings) => Read(settings, TimeProvider.System);

    public static ExportStatus Read(SiteSettings settings, TimeProvider clock)
    {
        var state = new SyncStateStore(settings.StateFilePath).Load();
        var outbox = new Outbox(settings.OutboxDirectory);
        var waiting = outbox.PublishedSequences(settings.Config.SiteId)
            .Select(sequence => Path.GetFileName(BundleFolder.PathOf(outbox.Directory, settings.Config.SiteId, sequence)))
            .ToList();
        var archive = new BundleArchive(settings.ArchiveDirectory, settings.Config.Archive, TimeProvider.System);
        var archived = archive.Sequences(settings.Config.SiteId);
        return new ExportStatus(
            settings.Config.SiteId,
            settings.StateFilePath,
            state?.LastSequence ?? 0,
            state?.LastBundleFile,
            state?.LastRunUtc,
            state?.Tables ?? new Dictionary<string, TableWatermark>(),
            settings.OutboxDirectory,
            waiting,
            settings.ArchiveDirectory,
            archived.Count == 0 ? null : new ArchivedRange(archived[0], archived[^1], archived.Count),
            SequenceCounter.Read(state, outbox, archive, settings.Config.SiteId).Next,
            state?.PendingReset,
            ReceiptStatus.Read(settings, archive, state?.LastSequence ?? 0, clock.GetUtcNow()))
        {
            Encryption = EncryptionStatus.Read(settings),
        };
    }

    /// <summary>The status in <paramref name="language"/> (<see cref="UiLanguage"/>); <see cref="ToJson"/> stays invariant.</summary>
    /// <param name="language">The language of the text.</param>
    /// <param name="colour">Mark content refusals in red (ANSI): only when the output is a terminal.</param>
    public string ToText(CultureInfo language, bool colour = false)
    {
        var text = new StringBuilder();
        void Line(string key, params object?[] arguments) => text.AppendLine(ExporterText.Get(key, arguments).In(language));

        Line(nameof(ExporterMessages.StatusSite), SiteId);
        Line(nameof(ExporterMessages.StatusStateFile), StateFile);
        if (LastSequence == 0)
        {
            Line(nameof(ExporterMessages.StatusNoBundleYet));
        }
        else
        {
            Line(nameof(ExporterMessages.StatusLastBundle), LastSequence, LastBundleFile, LastRunUtc);
        }

        Line(nameof(ExporterMessages.StatusWatermarks));
        if (Watermarks.Count == 0)
        {
            Line(nameof(ExporterMessages.StatusNoWatermarks));
        }

        foreach (var (table, watermark) in Watermarks.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            Line(
                nameof(ExporterMessages.StatusWatermark),
                table,
                watermark.Column,
                watermark.Strategy.ToString().ToLowerInvariant(),
                (object?)watermark.To ?? ExporterText.Get(nameof(ExporterMessages.StatusEmptyTable)));
            if (watermark.AheadOfClock is { } ahead)
            {
                if (ahead.Key is null)
                {
                    Line(nameof(ExporterMessages.StatusAheadOfClock), string.Empty, ahead.Rows, watermark.Column, ahead.Largest);
                }
                else
                {
                    Line(nameof(ExporterMessages.StatusAheadOfClockKey), string.Empty, ahead.Rows, watermark.Column, ahead.Largest, ahead.Key);
                }
            }
        }

        Line(nameof(ExporterMessages.StatusOutbox), Outbox);
        if (WaitingInOutbox.Count == 0)
        {
            Line(nameof(ExporterMessages.StatusWaitingNone));
        }
        else
        {
            Line(nameof(ExporterMessages.StatusWaiting), string.Join(", ", WaitingInOutbox));
        }

        Line(nameof(ExporterMessages.StatusArchive), Archive);
        if (Archived is null)
        {
            Line(nameof(ExporterMessages.StatusArchivedNone));
        }
        else
        {
            Line(nameof(ExporterMessages.StatusArchived), Archived.From, Archived.To, Archived.Count);
        }

        if (Encryption is null)
        {
            Line(nameof(ExporterMessages.StatusNotEncrypted));
        }
        else if (Encryption.ProblemText is { } problem)
        {
            Line(nameof(ExporterMessages.StatusEncryptionUnusable), problem);
        }
        else
        {
            Line(nameof(ExporterMessages.StatusEncrypted), Encryption.KeyId, Encryption.KeyFile);
        }

        Line(nameof(ExporterMessages.StatusNextBundle), NextSequence);
        if (PendingReset is { } reset)
        {
            if (reset.Tables is null)
            {
                Line(nameof(ExporterMessages.StatusPendingResetAll), reset.By, reset.AtUtc);
            }
            else
            {
                Line(nameof(ExporterMessages.StatusPendingResetTables), string.Join(", ", reset.Tables), reset.By, reset.AtUtc);
            }
        }

        Receipts.AppendText(text, language, colour);
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, ExportStatusJsonContext.Default.ExportStatus) + Environment.NewLine;
}

/// <summary>Encryption as site.json sets it: the key file, its key id, or why it cannot be used.</summary>
public sealed record EncryptionStatus(string KeyFile, string? KeyId)
{
    [JsonIgnore]
    public LocalizedText? ProblemText { get; init; }

    /// <summary>Why the key cannot be used (English, for scripts); null when it can.</summary>
    public string? Problem => ProblemText?.English;

    public static EncryptionStatus? Read(SiteSettings settings)
    {
        if (settings.EncryptToPath is not { } path)
        {
            return null;
        }

        try
        {
            using var encryption = BundleEncryption.Load(settings)!;
            return new EncryptionStatus(path, encryption.KeyId);
        }
        catch (Common.ConfigurationException ex)
        {
            return new EncryptionStatus(path, null) { ProblemText = ex.Text };
        }
    }
}

/// <summary>The site's sequences kept in the archive: a contiguous range unless an archive copy failed.</summary>
public sealed record ArchivedRange(long From, long To, int Count);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(LowerCaseEnumConverter<ChangeStrategy>)])]
[JsonSerializable(typeof(ExportStatus))]
[JsonSerializable(typeof(ReceiptStatus))]
internal sealed partial class ExportStatusJsonContext : JsonSerializerContext;
