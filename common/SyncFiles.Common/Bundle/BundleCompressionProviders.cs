using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using SharpCompress.Providers;
using SharpCompress.Providers.System;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Reading: deflate goes through .NET's native zlib rather than SharpCompress's managed deflate,
/// which inflates the same data several times slower (docs/performance.md, "Changes after the
/// first quiet run"; shared/DEPENDENCY-NOTES.md). Writing uses the same zlib directly
/// (<see cref="ZipStreamWriter"/>), and zstd through the native libzstd that the ZstdNet package
/// ships for Windows and Linux, with SharpCompress's managed encoder as the fallback where that
/// library does not load (docs/performance.md, "Export at COPY speed").
/// </summary>
internal static class BundleCompressionProviders
{
    // The name ZstdNet's P/Invokes bind to; the runtime finds it under runtimes/RID/native (or
    // inside a single-file program, extracted beside it).
    private const string NativeZstdLibrary = "libzstd";

    private static readonly Lazy<bool> NativeZstd = new(() => NativeZstdLoads(NativeZstdLibrary));

    private static readonly Lazy<bool> NativeZstdWorker = new(NativeZstdTakesWorker);

    // Options are immutable and thread-safe (ZstdNet): one per level, kept for the process.
    private static readonly ConcurrentDictionary<int, ZstdNet.CompressionOptions> NativeZstdOptions = new();

    public static CompressionProviderRegistry Registry { get; } =
        CompressionProviderRegistry.Default.With(new SystemDeflateCompressionProvider());

    /// <summary>Whether zstd entries are written by the native libzstd on this machine.</summary>
    public static bool NativeZstdAvailable => NativeZstd.Value;

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

    /// <summary>
    /// A zstd frame written into <paramref name="output"/>, which stays open: by the native libzstd
    /// when it loads and <paramref name="preferNative"/>, else by SharpCompress's managed encoder.
    /// Both write standard frames that every zstd reader reads; the native one takes about half the
    /// CPU time for the same bytes.
    /// </summary>
    public static Stream ZstdEncoder(Stream output, int level, bool preferNative = true) =>
        preferNative && NativeZstdAvailable
            ? new ZstdNet.CompressionStream(output, NativeZstdOptions.GetOrAdd(level, NativeOptions))
            : new SharpCompress.Compressors.ZStandard.CompressionStream(output, level, leaveOpen: true);

    /// <summary>
    /// The level, compressed on a worker thread of libzstd's own, as the <c>zstd</c> command does
    /// by default: the entry is the same single standard frame, and the worker compresses whole
    /// jobs from one contiguous buffer, which costs less CPU than the single-threaded stream's
    /// wrapping window (docs/performance.md, "Export COPY phase: threads and copies"). A libzstd
    /// built without threads refuses the parameter: the level alone then.
    /// </summary>
    private static ZstdNet.CompressionOptions NativeOptions(int level) =>
        NativeZstdWorker.Value ? WithWorker(level) : new ZstdNet.CompressionOptions(level);

    private static ZstdNet.CompressionOptions WithWorker(int level) =>
        new(null, new Dictionary<ZstdNet.ZSTD_cParameter, int> { [ZstdNet.ZSTD_cParameter.ZSTD_c_nbWorkers] = 1 }, level);

    private static bool NativeZstdTakesWorker()
    {
        try
        {
            // The parameter is checked when the options are made, or at the latest when a stream applies them.
            using var probe = new ZstdNet.CompressionStream(Stream.Null, WithWorker(1));
            return true;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or ZstdNet.ZstdException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="library"/> loads as ZstdNet would load it and answers a call: a
    /// machine without a build of libzstd for its platform (or a broken one) writes with the
    /// managed encoder instead of failing the export.
    /// </summary>
    internal static bool NativeZstdLoads(string library)
    {
        if (!NativeLibrary.TryLoad(library, typeof(ZstdNet.CompressionStream).Assembly, null, out _))
        {
            return false;
        }

        try
        {
            return ZstdNet.CompressionOptions.MaxCompressionLevel > 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
