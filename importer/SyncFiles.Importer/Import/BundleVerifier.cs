using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Encryption;
using SyncFiles.Importer.Encryption;

namespace SyncFiles.Importer.Import;

/// <summary>A bundle checked by <see cref="BundleVerifier"/>: its manifest, and the clear header when it was encrypted.</summary>
public sealed record VerifiedBundle(Manifest Manifest, EncryptedBundleHeader? Encryption);

/// <summary>
/// Checks a bundle without any database: manifest, entries, and every value of every table parsed
/// as its type, with sizes, row counts and SHA-256 compared to the manifest. An encrypted bundle
/// (told by its first bytes, whatever its name: a file given by hand may have been renamed) is
/// decrypted on the fly with the keys of <see cref="EncryptionPolicy"/>, nothing written to disk.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Returns the verified manifest; a bad bundle throws <see cref="BundleFormatException"/>.</summary>
    public static Manifest Verify(string path, CancellationToken cancellationToken) => Verify(path, EncryptionPolicy.None, cancellationToken).Manifest;

    /// <summary>
    /// Returns the verified bundle; a bad bundle throws <see cref="BundleFormatException"/>, an
    /// encrypted one whose header contradicts its signature <see cref="BundleRejectedException"/>,
    /// and one for a key <paramref name="encryption"/> does not hold <see cref="ConfigurationException"/>
    /// (the person must give the key).
    /// </summary>
    public static VerifiedBundle Verify(string path, EncryptionPolicy encryption, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        using var stream = InboxBundle.OpenRead(path);
        using var content = IsEncrypted(stream) ? OpenEncrypted(stream, path, encryption) : null;
        using var reader = BundleReader.Open(content ?? (Stream)stream, name);
        foreach (var table in reader.Manifest.Tables)
        {
            using var rows = new BundleTableReader(reader, table);
            while (rows.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (content is not null)
        {
            EncryptionPolicy.CheckManifest(name, reader.Manifest, content.Header);
        }

        return new VerifiedBundle(reader.Manifest, content?.Header);
    }

    /// <summary>True when the stream (at its start) begins with the encrypted bundle's magic; it is left at its start.</summary>
    public static bool IsEncrypted(Stream stream)
    {
        Span<byte> first = stackalloc byte[8];
        var read = stream.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        return EncryptedBundleFile.StartsWithMagic(first[..read]);
    }

    private static DecryptingStream OpenEncrypted(Stream stream, string path, EncryptionPolicy encryption)
    {
        var name = Path.GetFileName(path);
        var header = EncryptedBundleHeader.Read(stream, name);
        if (encryption.MissingKey(name, header) is { } missing)
        {
            throw new ConfigurationException(missing);
        }

        stream.Position = 0;
        return encryption.Open(stream, name, InboxBundle.ReadSignatureOf(path), checkName: false);
    }
}
