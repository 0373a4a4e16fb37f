namespace SyncFiles.Common.Encryption;

/// <summary>
/// The encrypted bundle container, version 1 (docs/bundle-format.md, "Encrypted bundles"): a clear
/// header, then the bundle zip cut into 64 KiB chunks, each sealed with AES-256-GCM under a key
/// agreed by ECDH P-256 between a fresh ephemeral key and head office's encryption key (the STREAM
/// construction of <c>age</c>). These are its constants and the tests that recognise one.
/// </summary>
public static class EncryptedBundleFile
{
    /// <summary>Appended to the plaintext bundle name: <c>AG01-00000042.zip.enc</c>.</summary>
    public const string Extension = ".enc";

    public const int CurrentVersion = 1;

    /// <summary>Plaintext bytes per chunk; version 1 accepts no other size.</summary>
    public const int ChunkSize = 64 * 1024;

    public const int TagSize = 16;

    /// <summary>One full chunk as stored: ciphertext then its GCM tag.</summary>
    public const int SealedChunkSize = ChunkSize + TagSize;

    /// <summary>The longest site id the header can carry (the site-id rules allow fewer).</summary>
    public const int MaxSiteIdBytes = 64;

    /// <summary>"SFENC\r\n\x1A": CR LF and Ctrl-Z show at once when a text-mode transfer damaged the file.</summary>
    public static ReadOnlySpan<byte> Magic => [0x53, 0x46, 0x45, 0x4E, 0x43, 0x0D, 0x0A, 0x1A];

    /// <summary>True when <paramref name="firstBytes"/> begins with the encrypted bundle's magic.</summary>
    public static bool StartsWithMagic(ReadOnlySpan<byte> firstBytes) => firstBytes.StartsWith(Magic);

    /// <summary>True for a name ending in <c>.zip.enc</c> (any folder): an encrypted bundle by its name.</summary>
    public static bool IsEncryptedPath(string path) =>
        Path.GetFileName(path).EndsWith(Bundle.BundleFileName.Extension + Extension, StringComparison.Ordinal);
}
