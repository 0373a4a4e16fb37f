using SyncFiles.Common.Bundle;

namespace SyncFiles.Tests.Support;

public static class TestManifests
{
    public static Manifest For(string siteId, long sequence, params ManifestTable[] tables) => new()
    {
        FormatVersion = Manifest.CurrentFormatVersion,
        BundleId = Guid.NewGuid(),
        SiteId = siteId,
        Sequence = sequence,
        Mode = BundleMode.Full,
        CreatedUtc = DateTimeOffset.UtcNow,
        Producer = new ProducerInfo("tests", "0"),
        SourceProvider = "sqlite",
        Compression = BundleCompression.Deflate,
        Tables = tables,
    };
}
