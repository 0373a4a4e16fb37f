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

    public static int DefaultLevel(BundleCompression compression) => compression switch
    {
        BundleCompression.Deflate => 6,
        BundleCompression.Zstd => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };
}
