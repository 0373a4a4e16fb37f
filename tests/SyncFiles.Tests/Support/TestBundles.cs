using System.IO.Compression;

namespace SyncFiles.Tests.Support;

/// <summary>Entries of a bundle read back as text, for tests that look at what an export wrote.</summary>
public static class TestBundles
{
    /// <summary>One entry of a bundle file, as text.</summary>
    public static string ReadEntry(string bundle, string entry)
    {
        // .NET's own zip reader: the bundle must open with standard tools, not only ours.
        using var zip = ZipFile.OpenRead(bundle);
        return ReadEntry(zip, entry);
    }

    /// <summary>One entry of a bundle held in memory, as text.</summary>
    public static string ReadEntry(byte[] bundle, string entry)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle, writable: false));
        return ReadEntry(zip, entry);
    }

    private static string ReadEntry(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
