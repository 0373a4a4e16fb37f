using SyncFiles.Common;
using SyncFiles.Common.Config;
using SyncFiles.Common.Encryption;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// site.json's <c>encryptTo</c>: head office's public encryption key, loaded before the database is
/// touched. Each bundle is then written through an <see cref="EncryptingStream"/> straight into
/// the outbox's temporary file, so no plaintext bundle ever reaches the disk (outbox, archive or
/// any temporary file), and is named <c>.zip.enc</c>.
/// </summary>
public sealed class BundleEncryption : IDisposable
{
    private readonly EncryptionRecipient _recipient;

    private BundleEncryption(EncryptionRecipient recipient, string keyPath)
    {
        _recipient = recipient;
        KeyPath = keyPath;
    }

    /// <summary>The public key file, as resolved from site.json.</summary>
    public string KeyPath { get; }

    /// <summary>The key id bundles are encrypted for (16 hex digits, as head office's keygen prints it).</summary>
    public string KeyId => _recipient.KeyId;

    /// <summary>
    /// The site's encryption, or null when site.json has no <c>encryptTo</c>. A key that is missing,
    /// unreadable, private or not P-256 is a <see cref="ConfigurationException"/> naming the setting
    /// and the file: a person must fix it, and no bundle goes out unencrypted meanwhile.
    /// </summary>
    public static BundleEncryption? Load(SiteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.EncryptToPath is not { } path)
        {
            return null;
        }

        try
        {
            return new BundleEncryption(EncryptionRecipient.Load(path), path);
        }
        catch (ConfigurationException ex)
        {
            throw new ConfigurationException(ConfigFile.InFile(settings.ConfigPath, ExporterText.Get(nameof(ExporterMessages.EncryptToUnusable), ex.Text)), ex);
        }
    }

    /// <summary>Starts the encrypted file in <paramref name="pendingFile"/>; finish it before reading it back or publishing it.</summary>
    public EncryptingStream Encrypt(Stream pendingFile, string siteId, long sequence) =>
        new(pendingFile, _recipient, siteId, sequence, leaveOpen: true);

    public void Dispose() => _recipient.Dispose();
}
