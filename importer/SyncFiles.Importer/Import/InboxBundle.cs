using System.Security.Cryptography;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Signing;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// A bundle file found in the inbox, with the SHA-256 of its bytes (as they travelled: encrypted,
/// for an encrypted bundle), its manifest, its signature when it has one, and the clear header of
/// an encrypted bundle.
/// </summary>
public sealed record InboxBundle(string Path, string FileName, string Sha256, Manifest Manifest, BundleSignature? Signature)
{
    /// <summary>The clear header of an encrypted bundle (<c>.zip.enc</c>); null for a plaintext one.</summary>
    public EncryptedBundleHeader? Encryption { get; init; }

    /// <summary>
    /// Reads the signature first: an unsigned bundle of a site that must sign is refused before
    /// a byte of it is read, and so is a plaintext bundle of a site that must encrypt. Then hashes
    /// the whole file, checks the signature against those raw bytes (the encrypted ones, for an
    /// encrypted bundle, whose header is checked next: <see cref="EncryptionPolicy.Open"/>), and
    /// only then reads the manifest. A file that is not a valid bundle throws
    /// <see cref="BundleFormatException"/>; one whose signature or encryption is refused, <see cref="BundleRejectedException"/>.
    /// </summary>
    public static InboxBundle Read(string path, SignaturePolicy signatures, EncryptionPolicy encryption, BundleLimits limits)
    {
        var name = System.IO.Path.GetFileName(path);
        var signature = ReadSignature(path + BundleSignature.Extension, name + BundleSignature.Extension);
        if (signature is null)
        {
            signatures.CheckUnsignedBeforeReading(name);
        }

        var encrypted = EncryptionPolicy.IsEncrypted(path);
        if (!encrypted)
        {
            encryption.CheckPlaintextBeforeReading(name);
        }

        using var stream = OpenRead(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        signatures.CheckBeforeParsing(name, signature, sha256);
        stream.Position = 0;
        if (!encrypted && BundleVerifier.IsEncrypted(stream))
        {
            // A courier's tool dropped the second extension: say so rather than "not a zip file".
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.EncryptedWithoutExtension), name, EncryptedBundleFile.Extension));
        }

        using var content = encrypted ? encryption.Open(stream, name, signature) : null;
        using var reader = BundleReader.Open(content ?? (Stream)stream, name, limits);
        signatures.CheckManifest(name, reader.Manifest, signature);
        if (content is null)
        {
            encryption.CheckPlaintextManifest(name, reader.Manifest);
        }
        else
        {
            EncryptionPolicy.CheckManifest(name, reader.Manifest, content.Header);
        }

        return new InboxBundle(path, name, sha256, reader.Manifest, signature) { Encryption = content?.Header };
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
