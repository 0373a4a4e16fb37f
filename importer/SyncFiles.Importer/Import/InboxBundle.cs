using System.Security.Cryptography;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Importer.Import;

/// <summary>A bundle file found in the inbox, with the SHA-256 of its bytes and its manifest.</summary>
public sealed record InboxBundle(string Path, string FileName, string Sha256, Manifest Manifest)
{
    /// <summary>Hashes the whole file and reads its manifest; a file that is not a valid bundle throws <see cref="BundleFormatException"/>.</summary>
    public static InboxBundle Read(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        using var stream = OpenRead(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = 0;
        using var reader = BundleReader.Open(stream, name);
        return new InboxBundle(path, name, sha256, reader.Manifest);
    }

    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
}
