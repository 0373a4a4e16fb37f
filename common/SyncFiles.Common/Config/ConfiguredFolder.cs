using Serilog;
using SyncFiles.Common.IO;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Config;

/// <summary>
/// Folders named in a configuration file. One the program only reads (the importer's inbox) must
/// exist: a misspelt name would otherwise read as "nothing to do" night after night while the
/// bundles wait elsewhere, so it is a configuration error (exit code 2). One the program writes
/// (outbox, archive, processed, quarantine) is created when missing, and the creation is logged so
/// a misspelt one is seen there.
/// </summary>
public static class ConfiguredFolder
{
    /// <summary>Refuses a folder that does not exist, or is a file.</summary>
    /// <param name="configPath">The configuration file that names the folder.</param>
    /// <param name="key">The key that names it, as written in the file (<c>inbox</c>).</param>
    /// <param name="folder">The folder, resolved to a full path.</param>
    public static void RequireExisting(string configPath, string key, string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        RefuseFile(configPath, key, folder);
        throw new ConfigurationException(ConfigText.Get(nameof(ConfigMessages.FolderMissing), configPath, key, folder, Path.GetFileName(configPath)));
    }

    /// <summary>
    /// Creates a missing folder the program writes into, and logs it (Information). Something in
    /// the way (a file where the folder should be, a parent that cannot be written) is left to the
    /// step that writes there, which reports it as it always has (a disk not mounted is retried).
    /// </summary>
    public static void CreateIfMissing(string configPath, string key, string folder, ILogger log)
    {
        if (Directory.Exists(folder) || File.Exists(folder))
        {
            return;
        }

        try
        {
            PrivateFiles.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Debug("The folder {Folder} cannot be created now ({Message}); the step that writes there reports it", folder, ex.Message);
            return;
        }

        log.Information(ConfigText.Get(nameof(ConfigMessages.FolderCreated), folder, key, Path.GetFileName(configPath)));
    }

    private static void RefuseFile(string configPath, string key, string folder)
    {
        if (File.Exists(folder))
        {
            throw new ConfigurationException(ConfigText.Get(nameof(ConfigMessages.FolderIsFile), configPath, key, folder, Path.GetFileName(configPath)));
        }
    }
}
