using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Import;

namespace SyncFiles.Importer.Encryption;

/// <summary>
/// Head office's side of encrypted bundles (<c>&lt;site&gt;-&lt;seq&gt;.zip.enc</c>, docs/bundle-format.md):
/// which sites must encrypt (<c>"requireEncryption"</c>), and how an encrypted bundle is opened once
/// its signature has been checked over the encrypted bytes: its clear header must name the site and
/// sequence its file name and its signature name, it must be for a key head office holds, and only
/// then is it decrypted, chunk by authenticated chunk, straight into the bundle reader (nothing in
/// clear is written to disk). What a person must fix (a missing key, a plaintext bundle from a site
/// that must encrypt, a header naming another bundle) is a <see cref="BundleRejectedException"/>;
/// what was damaged on the way (a chunk that fails authentication) a <see cref="BundleFormatException"/>.
/// </summary>
public sealed class EncryptionPolicy
{
    private readonly DecryptionKeyRing? _keys;
    private readonly bool _requireEverywhere;
    private readonly Func<string, bool> _requires;

    /// <param name="keys">Head office's decryption keys; null when none is configured.</param>
    /// <param name="requireEverywhere">Every site's bundles must be encrypted.</param>
    /// <param name="requires">Whether a site (by id, without case) must send encrypted bundles.</param>
    public EncryptionPolicy(DecryptionKeyRing? keys, bool requireEverywhere, Func<string, bool> requires)
    {
        _keys = keys;
        _requireEverywhere = requireEverywhere;
        _requires = requires;
    }

    /// <summary>No keys, nothing required: what <c>verify</c> and <c>init</c> use without a configuration or a key.</summary>
    public static EncryptionPolicy None { get; } = new(null, false, _ => false);

    /// <summary>The policy of a loaded server configuration.</summary>
    public static EncryptionPolicy For(ServerSettings settings) => new(settings.DecryptionKeys, settings.Config.RequireEncryption, settings.RequiresEncryption);

    /// <summary>Only keys (<c>--key</c> of the tools): encrypted bundles are opened with them, nothing is required.</summary>
    public static EncryptionPolicy WithKeys(DecryptionKeyRing keys) => new(keys, false, _ => false);

    /// <summary>True when <paramref name="path"/> is named like an encrypted bundle (<c>.zip.enc</c>).</summary>
    public static bool IsEncrypted(string path) => EncryptedBundleFile.IsEncryptedPath(path);

    /// <summary>
    /// A plaintext bundle, before a byte of it is read: refused when every site must encrypt, or
    /// when the site its file name begins with must. The manifest's site is checked again once read
    /// (<see cref="CheckPlaintextManifest"/>), so a misleading name gains nothing.
    /// </summary>
    public void CheckPlaintextBeforeReading(string fileName)
    {
        if (_requireEverywhere)
        {
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.PlainRequiredEverywhere), fileName, OperatorAdvice.FullExportCommand));
        }

        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        var site = dash > 0 ? fileName[..dash] : null;
        if (site is not null && SiteId.IsValid(site) && _requires(site))
        {
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.PlainRequiredForSite), fileName, site, OperatorAdvice.FullExportCommand));
        }
    }

    /// <summary>A plaintext bundle once its manifest is read: refused when the manifest's site must encrypt.</summary>
    public void CheckPlaintextManifest(string fileName, Manifest manifest)
    {
        if (_requireEverywhere || _requires(manifest.SiteId))
        {
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.PlainRequiredForSite), fileName, manifest.SiteId, OperatorAdvice.FullExportCommand));
        }
    }

    /// <summary>
    /// Opens the bundle inside an encrypted file whose signature (if any) has been checked: the header
    /// is read and checked against the file name (unless <paramref name="checkName"/> is false: a
    /// file given by hand to a tool may be named anyhow) and the signature, the key is chosen by the
    /// header's key id, and the returned stream decrypts on demand (the final chunk is authenticated
    /// before it returns, so a truncated file is refused here). <paramref name="encrypted"/> must be
    /// seekable and at its start; the caller disposes both streams.
    /// </summary>
    public DecryptingStream Open(Stream encrypted, string fileName, BundleSignature? signature, bool checkName = true)
    {
        var header = EncryptedBundleHeader.Read(encrypted, fileName);
        CheckHeader(fileName, header, signature, checkName);
        if (MissingKey(fileName, header) is { } missing)
        {
            throw new BundleRejectedException(missing);
        }

        encrypted.Position = 0;
        return DecryptingStream.Open(encrypted, _keys!, fileName);
    }

    /// <summary>
    /// Why the bundle cannot be opened with head office's keys (none configured, or none with the
    /// key id its header names), with what to do; null when the key is there.
    /// </summary>
    public LocalizedText? MissingKey(string fileName, EncryptedBundleHeader header)
    {
        if (_keys is null || _keys.KeyIds.Count == 0)
        {
            return HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.NoKeysConfigured), fileName, header.RecipientKeyId);
        }

        return _keys.Contains(header.RecipientKeyId)
            ? null
            : HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.UnknownKey), fileName, header.RecipientKeyId, string.Join(", ", _keys.KeyIds));
    }

    /// <summary>Once the manifest is read: it must be for the site and sequence the clear header names.</summary>
    public static void CheckManifest(string fileName, Manifest manifest, EncryptedBundleHeader header)
    {
        if (!string.Equals(header.SiteId, manifest.SiteId, StringComparison.Ordinal) || header.Sequence != manifest.Sequence)
        {
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HeaderOtherThanManifest), fileName, header.SiteId, header.Sequence, manifest.SiteId, manifest.Sequence));
        }
    }

    /// <summary>
    /// The header in clear names a site and a sequence: they must be the ones the file name begins
    /// with (site without case, as everywhere at head office) and the ones signed, before any key is
    /// used on the bundle.
    /// </summary>
    private static void CheckHeader(string fileName, EncryptedBundleHeader header, BundleSignature? signature, bool checkName)
    {
        if (checkName && !NameBeginsWith(fileName, header.SiteId, header.Sequence))
        {
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HeaderOtherThanName), fileName, header.SiteId, header.Sequence, BundleFileName.Format(header.SiteId, header.Sequence) + EncryptedBundleFile.Extension));
        }

        if (signature is not null && (!string.Equals(signature.SiteId, header.SiteId, StringComparison.Ordinal) || signature.Sequence != header.Sequence))
        {
            throw new BundleRejectedException(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.HeaderOtherThanSignature), fileName, signature.SiteId, signature.Sequence, header.SiteId, header.Sequence));
        }
    }

    /// <summary>The same rule as a plaintext bundle's name (ImportRun): <c>SITE-SEQUENCE</c>, then anything after a character other than a letter or digit.</summary>
    private static bool NameBeginsWith(string fileName, string siteId, long sequence)
    {
        var stem = Path.GetFileNameWithoutExtension(BundleFileName.Format(siteId, sequence));
        return fileName.Length > stem.Length && fileName.StartsWith(stem, StringComparison.OrdinalIgnoreCase) && !char.IsAsciiLetterOrDigit(fileName[stem.Length]);
    }
}
