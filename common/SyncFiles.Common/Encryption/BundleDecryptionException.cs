using SyncFiles.Common.Text;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// An encrypted bundle that cannot be opened or fails authentication: wrong key, damaged or
/// tampered chunk, truncated file, unknown header. It is a <see cref="BundleFormatException"/> so
/// the importer's quarantine takes it like any other broken bundle; the text names the file and
/// what failed, never a byte of content.
/// </summary>
public sealed class BundleDecryptionException : BundleFormatException
{
    public BundleDecryptionException(LocalizedText text)
        : base(text)
    {
    }

    public BundleDecryptionException(LocalizedText text, Exception innerException)
        : base(text, innerException)
    {
    }
}
