using System.Text.Json;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Tests.Support;

/// <summary>Manifests for tests: made up for a bundle a test writes, or read back from one an export wrote.</summary>
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

    /// <summary>The manifest.json of a bundle file as plain JSON, read with .NET's own zip reader (see <see cref="TestBundles.ReadEntry(string, string)"/>).</summary>
    public static JsonElement Read(string bundle) => JsonDocument.Parse(TestBundles.ReadEntry(bundle, "manifest.json")).RootElement.Clone();

    /// <summary>One table's entry in a manifest read by <see cref="Read"/>.</summary>
    public static JsonElement Table(JsonElement manifest, string name) =>
        manifest.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    /// <summary>The manifest as the importer's bundle reader checks and parses it.</summary>
    public static Manifest Parse(byte[] bundle)
    {
        using var stream = new MemoryStream(bundle, writable: false);
        return Parse(stream);
    }

    /// <inheritdoc cref="Parse(byte[])"/>
    public static Manifest Parse(string bundle)
    {
        using var stream = File.OpenRead(bundle);
        return Parse(stream);
    }

    private static Manifest Parse(Stream bundle)
    {
        using var reader = BundleReader.Open(bundle, "bundle.zip");
        return reader.Manifest;
    }
}
