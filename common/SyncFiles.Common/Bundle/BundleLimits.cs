using SyncFiles.Common.Csv;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// How much a bundle may make the reader do. Every bundle is hostile until proven otherwise: these
/// caps are checked against what the zip directory and the manifest declare before anything is
/// decompressed, and the byte counts are enforced again while streaming, so memory stays bounded
/// and the work done is proportional to the size of the file. The defaults fit every bundle the
/// exporter writes with a wide margin; an importer may pass tighter (or, within the format's hard
/// caps, looser) ones.
/// </summary>
public sealed record BundleLimits
{
    /// <summary>
    /// Default for <see cref="MaxCompressionRatio"/>: about twice the highest ratio zstd reached on
    /// the most compressible CSV a table can hold (a sequential id and nothing but NULLs, in more
    /// columns than SQL Server or PostgreSQL allow), while bounding a bomb to that many bytes of
    /// work per byte of file. The measured ratios are in docs/security.md ("Memory"). Deflate has
    /// its own, lower ceiling (<see cref="DeflateMaxRatio"/>).
    /// </summary>
    public const int DefaultMaxCompressionRatio = 2000;

    /// <summary>Deflate's ceiling: 258-byte matches coded in 2 bits each, approached only asymptotically.</summary>
    public const int DeflateMaxRatio = 1032;

    /// <summary>Default for <see cref="MaxFieldBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxFieldBytes = 1024 * 1024;

    /// <summary>Default for <see cref="MaxRecordBytes"/>: 4 MiB.</summary>
    public const int DefaultMaxRecordBytes = 4 * 1024 * 1024;

    public static BundleLimits Default { get; } = new();

    /// <summary>Largest <c>manifest.json</c>, uncompressed. At most <see cref="ManifestJson.MaxBytes"/> (4 MiB), the format's own cap.</summary>
    public int MaxManifestBytes { get; init; } = ManifestJson.MaxBytes;

    /// <summary>Most tables one manifest may list (each brings a CSV entry and maybe a tombstone entry).</summary>
    public int MaxTables { get; init; } = 1000;

    /// <summary>
    /// Most uncompressed bytes all the entries of one bundle may declare together: 8 GiB, about
    /// nine full exports of a shop of a million invoices. Staging costs disk and holds the target's
    /// write lock while it runs, so a cap sized for shop data keeps one site's bundle from filling
    /// head office's disk or stalling the other sites for hours.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>
    /// Most uncompressed bytes per compressed byte of a zstd entry (declared size over the zip's
    /// compressed size). Deflate entries are held to <see cref="DeflateMaxRatio"/> when that is
    /// lower, stored entries to 1:1.
    /// </summary>
    public int MaxCompressionRatio { get; init; } = DefaultMaxCompressionRatio;

    /// <summary>
    /// Largest single CSV field, raw (quotes included): 1 MiB, far above any shop's text (a note,
    /// an address) and room for a small image. One record is the unit of memory: the reader holds
    /// its bytes, each field becomes a .NET string (twice its UTF-8 size) and the provider copies it
    /// into a parameter, so peak memory grows with these two caps, never with the rows.
    /// </summary>
    public int MaxFieldBytes { get; init; } = DefaultMaxFieldBytes;

    /// <summary>
    /// Largest CSV record: 4 MiB by default. At most <see cref="CsvDialect.MaxRecordBytes"/>
    /// (64 MiB), the format's own cap; the importer's peak memory grows with it (docs/security.md).
    /// </summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Most zip entries: one CSV and one tombstone file per table, and the manifest.</summary>
    public int MaxEntries => (2 * MaxTables) + 1;

    /// <summary>Refuses settings that make no sense (a programming or configuration error, not a bad bundle).</summary>
    public void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxManifestBytes, 1, nameof(MaxManifestBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxManifestBytes, ManifestJson.MaxBytes, nameof(MaxManifestBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTables, 1, nameof(MaxTables));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTables, 1_000_000, nameof(MaxTables));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTotalBytes, 1, nameof(MaxTotalBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCompressionRatio, 1, nameof(MaxCompressionRatio));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordBytes, 1, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRecordBytes, CsvDialect.MaxRecordBytes, nameof(MaxRecordBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFieldBytes, 1, nameof(MaxFieldBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFieldBytes, MaxRecordBytes, nameof(MaxFieldBytes));
    }

    /// <summary>The most uncompressed bytes an entry of <paramref name="compressedSize"/> bytes may honestly hold.</summary>
    internal long MaxUncompressed(BundleEntryMethod method, long compressedSize)
    {
        var ratio = method switch
        {
            BundleEntryMethod.Stored => 1,
            BundleEntryMethod.Deflate => Math.Min(MaxCompressionRatio, DeflateMaxRatio),
            _ => MaxCompressionRatio,
        };

        // compressedSize is at most the file's length (checked first), so this cannot overflow a long
        // for any file below 4 PiB; saturate anyway rather than trust that.
        var max = (Int128)compressedSize * ratio;
        return max > long.MaxValue ? long.MaxValue : (long)max;
    }
}

/// <summary>The zip compression methods a bundle may use: the rest bring decoders bundles never need.</summary>
internal enum BundleEntryMethod
{
    Stored,
    Deflate,
    Zstd,
}
