using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.IO;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Counts, per bundle file (by the SHA-256 of its bytes), the consecutive runs that failed it with
/// the same unexpected error, so that one bad bundle is quarantined after <see cref="Limit"/> runs
/// instead of blocking its site silently forever (a message broker's maximum delivery count).
/// Kept in <c>quarantine/.strikes.json</c>, written atomically, so the count survives runs and
/// restarts; a success, a quarantine or a different error starts the count again. Transient
/// failures (an unreachable database, a lock) never count.
/// </summary>
public sealed class FailureStrikes
{
    /// <summary>The run that fails a bundle for the third time in a row quarantines it.</summary>
    public const int Limit = 3;

    /// <summary>Starts with a dot: quarantine scans and the operator's listing of bundles skip it.</summary>
    public const string FileName = ".strikes.json";

    private readonly string _path;

    private FailureStrikes(string path, Dictionary<string, BundleStrike> strikes)
    {
        _path = path;
        Strikes = strikes;
    }

    /// <summary>By SHA-256.</summary>
    public IReadOnlyDictionary<string, BundleStrike> Strikes { get; private set; }

    /// <summary>
    /// Reads the counts of <paramref name="quarantineDirectory"/>; none when the file does not exist.
    /// A file that cannot be parsed (edited by hand) counts as none: the counts start again, which
    /// delays a quarantine but never loses a bundle.
    /// </summary>
    public static FailureStrikes Load(string quarantineDirectory)
    {
        var path = Path.Combine(quarantineDirectory, FileName);
        return new FailureStrikes(path, Read(path));
    }

    /// <summary>
    /// Counts one more failure of the bundle and returns its strike: the count goes on when the
    /// error is the same as last time (same <paramref name="fingerprint"/>), and starts at 1 otherwise.
    /// </summary>
    public BundleStrike Record(InboxBundle bundle, string fingerprint, string error, DateTimeOffset now)
    {
        var strikes = Read(_path);
        var previous = strikes.GetValueOrDefault(bundle.Sha256);
        var strike = previous is not null && previous.Fingerprint == fingerprint
            ? previous with { Count = previous.Count + 1, Error = error, LastUtc = now, File = bundle.FileName }
            : new BundleStrike(bundle.FileName, bundle.Manifest.SiteId, bundle.Manifest.Sequence, fingerprint, error, 1, now, now);
        strikes[bundle.Sha256] = strike;
        Save(strikes);
        return strike;
    }

    /// <summary>Forgets the bundle's count (applied, filed, or quarantined); writes only when there was one.</summary>
    public void Forget(string sha256)
    {
        if (!File.Exists(_path))
        {
            return;
        }

        var strikes = Read(_path);
        if (strikes.Remove(sha256))
        {
            Save(strikes);
        }
    }

    private void Save(Dictionary<string, BundleStrike> strikes)
    {
        Strikes = strikes;
        if (strikes.Count == 0)
        {
            File.Delete(_path);
            return;
        }

        PrivateFiles.CreateDirectory(Path.GetDirectoryName(_path)!);
        AtomicFile.WriteAllBytes(_path, JsonSerializer.SerializeToUtf8Bytes(strikes, FailureStrikesJsonContext.Default.DictionaryStringBundleStrike));
    }

    private static Dictionary<string, BundleStrike> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, FailureStrikesJsonContext.Default.DictionaryStringBundleStrike) ?? [];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return new Dictionary<string, BundleStrike>(StringComparer.Ordinal);
        }
    }
}

/// <summary>Consecutive runs that failed one bundle with the same unexpected error.</summary>
/// <param name="File">The bundle's file name in the inbox.</param>
/// <param name="SiteId">Its site.</param>
/// <param name="Sequence">Its sequence.</param>
/// <param name="Fingerprint">What makes two failures "the same error": the exception type, the database's error code, the table.</param>
/// <param name="Error">The last failure's message, naming the table.</param>
/// <param name="Count">Consecutive runs failed with that error.</param>
/// <param name="FirstUtc">The first of those runs.</param>
/// <param name="LastUtc">The last of them.</param>
public sealed record BundleStrike(string File, string SiteId, long Sequence, string Fingerprint, string Error, int Count, DateTimeOffset FirstUtc, DateTimeOffset LastUtc);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, BundleStrike>))]
internal sealed partial class FailureStrikesJsonContext : JsonSerializerContext;
