using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.State;

/// <summary>Loads and atomically replaces the state file.</summary>
public sealed class SyncStateStore
{
    public SyncStateStore(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The saved state, or null when there is no state file yet (first run).</summary>
    public SyncState? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(Path);
            var state = JsonSerializer.Deserialize(bytes, SyncStateJsonContext.Default.SyncState)
                ?? throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.StateFileEmpty), Path));
            if (state.FormatVersion != SyncState.CurrentFormatVersion)
            {
                throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.StateFileVersion), Path, state.FormatVersion, SyncState.CurrentFormatVersion));
            }

            return state;
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(
                $"State file {Path} is damaged at {ex.Path} (line {(ex.LineNumber ?? 0) + 1}): {ex.Message} Restore it from a backup, or move it away and run with --full to start a new chain.", ex);
        }
    }

    public void Save(SyncState state) => AtomicFile.WriteAllBytes(Path, ToJson(state));

    /// <summary>The state file's content for <paramref name="state"/>: what <see cref="Save"/> writes.</summary>
    public static byte[] ToJson(SyncState state) =>
        JsonSerializer.SerializeToUtf8Bytes(state, SyncStateJsonContext.Default.SyncState);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [typeof(LowerCaseEnumConverter<ChangeStrategy>)],
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SyncState))]
internal sealed partial class SyncStateJsonContext : JsonSerializerContext;
