using Serilog;
using SyncFiles.Common.Config;
using SyncFiles.Importer.Import;

namespace SyncFiles.Importer.Config;

/// <summary>
/// The head office's folders before a command uses them: the inbox is only read, so it must exist
/// (a misspelt inbox is a configuration error, not an empty inbox); processed/ and quarantine/ are
/// written, so they are created when missing (<see cref="ConfiguredFolder"/>).
/// </summary>
public static class ServerFolders
{
    /// <summary>For commands that only read the inbox (status).</summary>
    public static void RequireInbox(ServerSettings settings) =>
        ConfiguredFolder.RequireExisting(settings.ConfigPath, "inbox", settings.InboxDirectory);

    /// <summary>For commands that apply bundles (run, run --watch).</summary>
    public static void Prepare(ServerSettings settings, ILogger log)
    {
        RequireInbox(settings);

        // A link or a file in their place is refused before anything is created or written.
        FilingDirectories.Check(settings);
        ConfiguredFolder.CreateIfMissing(settings.ConfigPath, "processed", settings.ProcessedDirectory, log);
        ConfiguredFolder.CreateIfMissing(settings.ConfigPath, "quarantine", settings.QuarantineDirectory, log);
    }
}
