using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.State;
using SyncFiles.Exporter.Config;

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

    /// <summary>False when <see cref="Warnings"/> has any: <c>status --fail-unless-ok</c> then exits 5.</summary>
    public bool Ok => Warnings.Count == 0;

    public static ExportStatus Read(SiteSettings settings) => Read(settings, TimeProvider.System);

    public static ExportStatus Read(SiteSettings settings, TimeProvider clock)
    {
        var state = new SyncStateStore(settings.StateFilePath).Load();
        var outbox = new Outbox(settings.OutboxDirectory);
        var waiting = outbox.PublishedSequences(settings.Config.SiteId)
            .Select(sequence => BundleFileName.Format(settings.Config.SiteId, sequence))
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
            ReceiptStatus.Read(settings, archive, state?.LastSequence ?? 0, clock.GetUtcNow()));
    }

    public string ToText() => ToText(colour: false);

    /// <param name="colour">Mark content refusals in red (ANSI): only when the output is a terminal.</param>
    public string ToText(bool colour)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"Site:           {SiteId}");
        text.AppendLine(invariant, $"State file:     {StateFile}");
        if (LastSequence == 0)
        {
            text.AppendLine("Last bundle:    none yet (the next run exports everything)");
        }
        else
        {
            text.AppendLine(invariant, $"Last bundle:    {LastSequence} ({LastBundleFile}) at {LastRunUtc:yyyy-MM-dd HH:mm:ss} UTC");
        }

        text.AppendLine("Watermarks:");
        if (Watermarks.Count == 0)
        {
            text.AppendLine("  (none)");
        }

        foreach (var (table, watermark) in Watermarks.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            text.AppendLine(invariant, $"  {table,-24} {watermark.Column} ({watermark.Strategy.ToString().ToLowerInvariant()}) up to {watermark.To ?? "(empty table)"}");
            if (watermark.AheadOfClock is { } ahead)
            {
                text.AppendLine(invariant, $"  {string.Empty,-24} ahead of the clock: {ahead.Rows} rows dated beyond the bound, the largest {watermark.Column} {ahead.Largest}{(ahead.Key is null ? string.Empty : $" ({ahead.Key})")}; exported in every run until corrected");
            }
        }

        text.AppendLine(invariant, $"Outbox:         {Outbox}");
        text.AppendLine(invariant, $"Waiting:        {(WaitingInOutbox.Count == 0 ? "none" : string.Join(", ", WaitingInOutbox))}");
        text.AppendLine(invariant, $"Archive:        {Archive}");
        text.AppendLine(invariant, $"Archived:       {(Archived is null ? "none" : $"{Archived.From}..{Archived.To} ({Archived.Count} bundles; resend with 'syncfiles-export resend --config <site.json> --from N')")}");
        text.AppendLine(invariant, $"Next bundle:    {NextSequence}");
        if (PendingReset is { } reset)
        {
            var what = reset.Tables is null ? "every table (a full bundle)" : string.Join(", ", reset.Tables) + " in full";
            text.AppendLine(invariant, $"Pending reset:  the next run exports {what} (reset by {reset.By} at {reset.AtUtc:yyyy-MM-dd HH:mm:ss} UTC)");
        }

        Receipts.AppendText(text, colour);
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, ExportStatusJsonContext.Default.ExportStatus) + Environment.NewLine;
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
