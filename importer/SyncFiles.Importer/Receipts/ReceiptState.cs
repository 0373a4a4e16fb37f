using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.IO;

namespace SyncFiles.Importer.Receipts;

/// <summary>What head office remembers of the last receipt it wrote for one site (status shows it).</summary>
public sealed record ReceiptState
{
    public required string Site { get; init; }

    public required long Counter { get; init; }

    public required DateTimeOffset WrittenAt { get; init; }

    public required long AppliedThrough { get; init; }

    /// <summary>The receipt file written.</summary>
    public required string Path { get; init; }
}

/// <summary>
/// One small file per site in <c>receipt-state/</c> beside server.json, replaced atomically. A
/// file per site, so two importers writing receipts for different sites never overwrite each
/// other's counters. It lives at head office, never in the receipts folder (a courier's stick or
/// a share someone may empty), so a receipt counter never starts again from 1.
/// </summary>
public sealed class ReceiptStateStore(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>The site's last receipt, or null when none was written (or its state file is unreadable: the counter then restarts from the clock).</summary>
    public ReceiptState? Read(string siteId)
    {
        var path = PathFor(siteId);
        try
        {
            if (new FileInfo(path).Length > 64 * 1024)
            {
                return null;
            }

            return JsonSerializer.Deserialize(File.ReadAllBytes(path), ReceiptStateJsonContext.Default.ReceiptState);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public void Write(ReceiptState state)
    {
        PrivateFiles.CreateDirectory(Directory);
        AtomicFile.WriteAllBytes(PathFor(state.Site), JsonSerializer.SerializeToUtf8Bytes(state, ReceiptStateJsonContext.Default.ReceiptState));
    }

    /// <summary>
    /// The counter of the site's next receipt: the time of writing in milliseconds since 1970, or
    /// one more than the last when the clock has gone back. The clock keeps it growing even when
    /// this state is lost (a re-installed server folder), so sites never take a new receipt for a
    /// replay of an old one; the state keeps it growing when the clock is set back.
    /// </summary>
    public static long NextCounter(ReceiptState? last, DateTimeOffset now) =>
        Math.Max((last?.Counter ?? 0) + 1, now.ToUnixTimeMilliseconds());

    private string PathFor(string siteId) => System.IO.Path.Combine(Directory, siteId + ".json");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ReceiptState))]
internal sealed partial class ReceiptStateJsonContext : JsonSerializerContext;
