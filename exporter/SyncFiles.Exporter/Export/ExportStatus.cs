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
    IReadOnlyList<string> WaitingInOutbox)
{
    public static ExportStatus Read(SiteSettings settings)
    {
        var state = new SyncStateStore(settings.StateFilePath).Load();
        var outbox = new Outbox(settings.OutboxDirectory);
        var waiting = outbox.PublishedSequences(settings.Config.SiteId)
            .Select(sequence => BundleFileName.Format(settings.Config.SiteId, sequence))
            .ToList();
        return new ExportStatus(
            settings.Config.SiteId,
            settings.StateFilePath,
            state?.LastSequence ?? 0,
            state?.LastBundleFile,
            state?.LastRunUtc,
            state?.Tables ?? new Dictionary<string, TableWatermark>(),
            settings.OutboxDirectory,
            waiting);
    }

    public string ToText()
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
        }

        text.AppendLine(invariant, $"Outbox:         {Outbox}");
        text.AppendLine(invariant, $"Waiting:        {(WaitingInOutbox.Count == 0 ? "none" : string.Join(", ", WaitingInOutbox))}");
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(this, ExportStatusJsonContext.Default.ExportStatus) + Environment.NewLine;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(LowerCaseEnumConverter<ChangeStrategy>)])]
[JsonSerializable(typeof(ExportStatus))]
internal sealed partial class ExportStatusJsonContext : JsonSerializerContext;
