using SyncFiles.Common;
using SyncFiles.Common.IO;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Signing;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Makes a site's signing key pair: <c>&lt;site&gt;.private.pem</c> stays on the site's machine
/// (readable by its owner only), <c>&lt;site&gt;.public.pem</c> goes to head office's server.json.
/// </summary>
public static class SiteKeyFiles
{
    public sealed record Created(string PrivateKeyPath, string PublicKeyPath, string KeyId);

    public static Created Create(string siteId, string directory)
    {
        if (!SiteId.IsValid(siteId))
        {
            // Never a file named after a Windows device: CON.private.pem would be the console there.
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.KeygenSiteInvalid), siteId, SiteId.RuleText));
        }

        PrivateFiles.CreateDirectory(directory);
        var privatePath = Path.GetFullPath(Path.Combine(directory, $"{siteId}.private.pem"));
        var publicPath = Path.GetFullPath(Path.Combine(directory, $"{siteId}.public.pem"));
        foreach (var path in new[] { privatePath, publicPath })
        {
            if (File.Exists(path))
            {
                throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.KeyExists), path));
            }
        }

        using var key = SigningKeys.Create();
        WriteNew(privatePath, key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        WriteNew(publicPath, key.ExportSubjectPublicKeyInfoPem(), ownerOnly: false);
        return new Created(privatePath, publicPath, SigningKeys.KeyId(key));
    }

    private static void WriteNew(string path, string pem, bool ownerOnly)
    {
        // The private key is owner-only (PrivateFiles; on Windows the folder's ACL); the public key is meant to be handed out.
        using var writer = new StreamWriter(ownerOnly ? PrivateFiles.CreateNew(path) : new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None));
        writer.Write(pem);
        writer.Write('\n');
    }
}
