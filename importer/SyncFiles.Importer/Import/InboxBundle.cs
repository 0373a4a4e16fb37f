using System.Security.Cryptography;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>A bundle file found in the inbox, with the SHA-256 of its bytes, its manifest and its signature when it has one.</summary>
public sealed record InboxBundle(string Path, string FileName, string Sha256, Manifest Manifest, BundleSignature? Signature)
{
    /// <summary>
    /// Reads the signature first: an unsigned bundle of a site that must sign is refused before
    /// a byte of it is read. Then hashes the whole file, checks the signature against those raw
    /// bytes, and only then reads the manifest. A file that is not a valid bundle throws
    /// <see cref="BundleFormatException"/>; one whose signature is refused, <see cref="BundleRejectedException"/>.
    /// </summary>
    public static InboxBundle Read(string path, SignaturePolicy signatures, BundleLimits limits)
    {
        var name = System.IO.Path.GetFileName(path);
        var signature = ReadSignature(path + BundleSignature.Extension, name + BundleSignature.Extension);
        if (signature is null)
        {
            signatures.CheckUnsignedBeforeReading(name);
        }

        using var stream = OpenRead(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        signatures.CheckBeforeParsing(name, signature, sha256);
        stream.Position = 0;
        using var reader = BundleReader.Open(stream, name, limits);
        signatures.CheckManifest(name, reader.Manifest, signature);
        return new InboxBundle(path, name, sha256, reader.Manifest, signature);
    }

    /// <summary>The bundle's <c>.sig</c>, parsed; null when there is none. A malformed one throws <see cref="BundleFormatException"/>.</summary>
    public static BundleSignature? ReadSignatureOf(string bundlePath) =>
        ReadSignature(bundlePath + BundleSignature.Extension, System.IO.Path.GetFileName(bundlePath) + BundleSignature.Extension);

    private static BundleSignature? ReadSignature(string path, string name)
    {
        if (InboxEntryProbe.Kind(path) is null)
        {
            return null;
        }

        using var stream = OpenRead(path);
        if (stream.Length > BundleSignature.MaxFileBytes)
        {
            throw new BundleFormatException(ImporterText.Get(nameof(ImporterMessages.SignatureTooLarge), name, BundleSignature.MaxFileBytes, stream.Length));
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return BundleSignature.Parse(bytes, name);
    }

    /// <summary>
    /// Opens a bundle (or its signature) for reading once it is known to be a regular file: a named
    /// pipe would block the open until a writer came, a link would read what the sender chose. The
    /// look and the open are two steps; what could slip between them is covered by the stop that
    /// always stops (docs/security.md).
    /// </summary>
    public static FileStream OpenRead(string path)
    {
        var kind = InboxEntryProbe.Kind(path) ?? throw new FileNotFoundException($"{System.IO.Path.GetFileName(path)} is no longer there.", path);
        if (kind != InboxEntryKind.RegularFile)
        {
            throw new NotAFileException(System.IO.Path.GetFileName(path), kind);
        }

        return new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }
}
