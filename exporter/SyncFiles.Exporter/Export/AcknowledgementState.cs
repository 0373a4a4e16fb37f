using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common;
using SyncFiles.Common.IO;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// What the site last learnt from head office: the last receipt it accepted (its counter, so an
/// older one is recognised as a replay, and what it said), what that receipt made the site do,
/// and the last receipt it ignored. Kept in a file of its own beside the state file
/// (<c>.sync_state.receipts.json</c>): the state file says what was exported, this one what was
/// acknowledged, and neither changes the other's meaning.
/// </summary>
public sealed record AcknowledgementState
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required string SiteId { get; init; }

    public AcceptedReceipt? Accepted { get; init; }

    public IgnoredReceipt? Ignored { get; init; }
}

/// <summary>The last receipt accepted, as it was read, and what the site did about it.</summary>
public sealed record AcceptedReceipt
{
    public required long Counter { get; init; }

    /// <summary>SHA-256 of the receipt file: the same file read again is not news, another with the same counter is a replay.</summary>
    public required string FileSha256 { get; init; }

    public required string HeadOffice { get; init; }

    public required DateTimeOffset WrittenAt { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>True when its signature was checked against headOfficeKey.</summary>
    public required bool Verified { get; init; }

    public required long AppliedThrough { get; init; }

    public long? WaitingFor { get; init; }

    public IReadOnlyList<long> Held { get; init; } = [];

    public IReadOnlyList<QuarantinedBundle> Quarantined { get; init; } = [];

    /// <summary>Sequences this receipt put back into the outbox.</summary>
    public IReadOnlyList<long> Resent { get; init; } = [];

    /// <summary>Sequences head office needs that the archive no longer holds: a person must heal the gap.</summary>
    public IReadOnlyList<long> NotInArchive { get; init; } = [];
}

/// <summary>A bundle head office quarantined, as the receipt said.</summary>
/// <param name="Transport">True: damaged on the way (resent); false: refused for its content (not resent).</param>
public sealed record QuarantinedBundle(long Sequence, string File, string Reason, bool Transport, DateTimeOffset At);

/// <summary>The last receipt ignored, and why.</summary>
public sealed record IgnoredReceipt(DateTimeOffset At, string FileSha256, string Reason);

/// <summary>Loads and atomically replaces the acknowledgement state file.</summary>
public sealed class AcknowledgementStore
{
    public AcknowledgementStore(string stateFilePath)
    {
        var directory = System.IO.Path.GetDirectoryName(stateFilePath)!;
        Path = System.IO.Path.Combine(directory, System.IO.Path.GetFileNameWithoutExtension(stateFilePath) + ".receipts.json");
    }

    public string Path { get; }

    /// <summary>The saved state, or null before the first receipt was read.</summary>
    public AcknowledgementState? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllBytes(Path), AcknowledgementJsonContext.Default.AcknowledgementState)
                ?? throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.MsgAckStateEmpty), Path));
            return state.FormatVersion == AcknowledgementState.CurrentFormatVersion
                ? state
                : throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.MsgAckStateVersion), Path, state.FormatVersion, AcknowledgementState.CurrentFormatVersion));
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.MsgAckStateDamaged), Path, ex.Message), ex);
        }
    }

    public void Save(AcknowledgementState state) =>
        AtomicFile.WriteAllBytes(Path, JsonSerializer.SerializeToUtf8Bytes(state, AcknowledgementJsonContext.Default.AcknowledgementState));
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(AcknowledgementState))]
internal sealed partial class AcknowledgementJsonContext : JsonSerializerContext;
