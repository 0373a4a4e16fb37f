using SharpCompress.Providers;
using SharpCompress.Providers.System;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Reading: deflate goes through .NET's native zlib rather than SharpCompress's managed deflate,
/// which inflates the same data several times slower (docs/performance.md, "Changes after the
/// first quiet run"; shared/DEPENDENCY-NOTES.md). Writing uses the same zlib directly
/// (<see cref="ZipStreamWriter"/>).
/// </summary>
internal static class BundleCompressionProviders
{
    public static CompressionProviderRegistry Registry { get; } =
        CompressionProviderRegistry.Default.With(new SystemDeflateCompressionProvider());

    /// <summary>
    /// The fastest level of each method. Compression runs on its own core beside reading and
    /// formatting (TableCsvWriter), so its speed sets the export's pace: zlib's level 6 makes
    /// smaller bundles but compresses the benchmark's CSV much more slowly than its fastest level,
    /// and zstd level 1 is both faster than level 3 and as small on this data (docs/performance.md,
    /// "Changes of the perf branch", item 3). Both take the level as it is: zlib 1-9, zstd 1-22.
    /// </summary>
    public static int DefaultLevel(BundleCompression compression) => compression switch
    {
        BundleCompression.Deflate => 1,
        BundleCompression.Zstd => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };
}
