using SyncFiles.Common;
using SyncFiles.Common.IO;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Signing;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Makes a site's signing key pair: <c>&lt;site&gt;.private.pem</c> stays on the site's machine
/// (readable by its owner only), <c>&lt;site&gt;.public.pem</c> goes to head office's server.json.
/// The files are written by <see cref="KeyPairFiles"/>, as head office's are; what is the site's
/// own is the name (a valid site id) and the folder named in the error when it cannot be written.
/// </summary>
public static class SiteKeyFiles
{
    public static KeyPairFiles.Created Create(string siteId, string directory)
    {
        if (!SiteId.IsValid(siteId))
        {
            // Never a file named after a Windows device: CON.private.pem would be the console there.
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.KeygenSiteInvalid), siteId, SiteId.RuleText));
        }

        try
        {
            return KeyPairFiles.Create(directory, siteId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw FolderNotWritableException.KeyFolder(directory, ex);
        }
    }
}
