using Serilog;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;
using SyncFiles.Common.State;
using SyncFiles.Common.Threading;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Pays the first-use costs of what an export does after its COPY while the run still waits for
/// its source (connecting, the snapshot, the catalog), on a core that is idle then: it writes a
/// tiny bundle into memory with the run's own classes and compression, reads it back as the run
/// reads back its bundle, and serialises a state, so that the real ones find their code compiled
/// (framework generics the precompiled images lack: the JSON metadata of the manifest and the
/// state, SharpCompress's zstd decoder), their assemblies loaded and their statics set (the native
/// compression library among them). It never touches a file or the database, and it changes
/// nothing the run does: a failure is logged at debug level and otherwise ignored, the run then
/// pays those costs itself as before. Figures: docs/performance.md, "After the COPY (issue 16)".
/// </summary>
internal static class ExportWarmUp
{
    private const string WarmUpTable = "warm_up";

    private static int _started;

    /// <summary>
    /// Starts the warm-up on a background thread (of the lowest priority on Linux: <see cref="Common.Threading.BackgroundThreadPriority"/>), once per process (a second
    /// run in the same process finds everything warm already), and only where a second core can run
    /// it beside the run: on one core it would only take turns with the run. The thread never keeps
    /// the process alive.
    /// </summary>
    public static void Start(string siteId, BundleCompression compression, int? level, ILogger log)
    {
        if (Environment.ProcessorCount < 2 || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        // Its own thread, not the thread pool's: the run's own work is queued there and must not
        // wait behind this.
        new Thread(() => RunOrLog(siteId, compression, level, log)) { IsBackground = true, Name = "export warm-up" }.Start();
    }

    /// <summary>
    /// Writes, reads back and records one tiny bundle in memory, and returns its manifest as read
    /// back; throws what any of it throws (the tests run it to prove it still goes the whole way).
    /// </summary>
    internal static Manifest Run(string siteId, BundleCompression compression, int? level)
    {
        using var bundle = new MemoryStream();
        var tables = new List<ManifestTable>(1);
        using (var writer = new BundleWriter(bundle, compression, level))
        {
            // The shape of a real table: a key, a decimal, a change column and its watermark.
            using (var entry = writer.OpenTable(WarmUpTable))
            {
                entry.Content.Write("1,2.500,2025-01-01T00:00:00\r\n"u8);
                tables.Add(new ManifestTable
                {
                    Name = WarmUpTable,
                    Kind = TableKind.Transaction,
                    File = BundleEntries.TableFile(WarmUpTable),
                    Key = ["id"],
                    Columns =
                    [
                        new ManifestColumn { Name = "id", Type = PortableType.Int64, Nullable = false },
                        new ManifestColumn { Name = "quantity", Type = PortableType.Decimal, Nullable = false, Precision = 12, Scale = 3 },
                        new ManifestColumn { Name = "changed", Type = PortableType.DateTime, Nullable = false },
                    ],
                    Rows = 1,
                    Bytes = entry.Content.BytesCounted,
                    Sha256 = entry.Content.FinishHash(),
                    Watermark = new Watermark("changed", ChangeStrategy.Timestamp, null, "2025-01-01T00:00:00"),
                });
            }

            writer.WriteManifest(new Manifest
            {
                FormatVersion = Manifest.CurrentFormatVersion,
                BundleId = Guid.NewGuid(),
                SiteId = siteId,
                Sequence = 1,
                Mode = BundleMode.Full,
                CreatedUtc = DateTimeOffset.UtcNow,
                Producer = new ProducerInfo("syncfiles-export", "0.0.0"),
                SourceProvider = "warm-up",
                Compression = compression,
                Tables = tables,
            });
        }

        bundle.Position = 0;
        using var reader = BundleReader.Open(bundle, "warm-up.zip");
        var manifest = reader.Manifest;
        _ = SyncStateStore.ToJson(new SyncState
        {
            SiteId = siteId,
            LastSequence = manifest.Sequence,
            LastBundleId = manifest.BundleId,
            LastBundleFile = "warm-up.zip",
            LastRunUtc = manifest.CreatedUtc,
            Tables = new Dictionary<string, TableWatermark>(StringComparer.Ordinal)
            {
                [WarmUpTable] = new TableWatermark("changed", ChangeStrategy.Timestamp, manifest.Tables[0].Watermark!.To),
            },
        });
        return manifest;
    }

    private static void RunOrLog(string siteId, BundleCompression compression, int? level, ILogger log)
    {
        try
        {
            // Only what the run leaves idle: on a busy machine the run's own threads go first
            // (docs/performance.md has what it did without this).
            BackgroundThreadPriority.LowerCurrent();
            Run(siteId, compression, level);
        }
#pragma warning disable CA1031 // Only an optimisation: whatever fails here, the run does the same work itself and reports its own failures.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.Debug("The export warm-up failed; the run is not affected: {Error}", ex.Message);
        }
    }
}
