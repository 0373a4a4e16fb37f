using SyncFiles.Common.Bundle;
using SyncFiles.Exporter.Export;

namespace SyncFiles.Tests.Exporter;

public sealed class ExportWarmUpTests
{
    // The warm-up swallows its own failures (it is only an optimisation), so a rule of the bundle
    // reader or the manifest validator that its bundle stopped meeting would go unseen in a run:
    // here it fails the test.
    [Theory]
    [InlineData(BundleCompression.Zstd)]
    [InlineData(BundleCompression.Deflate)]
    public void The_warm_up_bundle_is_written_and_read_back_whole_for_each_compression(BundleCompression compression)
    {
        var manifest = ExportWarmUp.Run("AG01", compression, level: null);

        Assert.Equal(compression, manifest.Compression);
        var table = Assert.Single(manifest.Tables);
        Assert.Equal(1, table.Rows);
        Assert.Equal(3, table.Columns.Count);
    }
}
