using SharpCompress.Common;
using SharpCompress.Providers;
using SharpCompress.Providers.System;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Deflate goes through .NET's native zlib rather than SharpCompress's managed deflate, measured
/// 2.3x to 3.6x faster on the same data (shared/DEPENDENCY-NOTES.md).
/// </summary>
internal static class BundleCompressionProviders
{
    public static CompressionProviderRegistry Registry { get; } =
        CompressionProviderRegistry.Default.With(new SystemDeflateCompressionProvider());

    public static CompressionType ToZip(BundleCompression compression) => compression switch
    {
        BundleCompression.Deflate => CompressionType.Deflate,
        BundleCompression.Zstd => CompressionType.ZStandard,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>
    /// The fastest level of each method. Compression runs on its own core beside reading and
    /// formatting (TableCsvWriter), so its speed sets the export's pace: zlib's level 6 compresses
    /// the benchmark's CSV at about a third of the speed of its fastest level, for bundles a third
    /// smaller; zstd level 1 is both faster than level 3 and as small on this data
    /// (docs/performance.md). SharpCompress maps deflate levels 1-2 to Fastest, 3-7 to Optimal
    /// (zlib 6) and 8-9 to SmallestSize.
    /// </summary>
    public static int DefaultLevel(BundleCompression compression) => compression switch
    {
        BundleCompression.Deflate => 1,
        BundleCompression.Zstd => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };
}
