using SyncFiles.Common;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// processed/ and quarantine/ are looked at before anything is written into them: a symbolic link
/// or junction there would send every bundle (and every <c>.error.txt</c>) wherever its author
/// chose, and a file or pipe in their place is a mistake a person must fix. Either is a
/// configuration error (exit code 2), reported before the inbox is touched. A folder that does
/// not exist yet is fine: it is created when first needed.
/// </summary>
public static class FilingDirectories
{
    public static void Check(ServerSettings settings)
    {
        Check("processed", settings.ProcessedDirectory);
        Check("quarantine", settings.QuarantineDirectory);
    }

    public static void Check(string setting, string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var kind = InboxEntryProbe.Kind(full);
        if (kind is null or InboxEntryKind.Directory)
        {
            return;
        }

        throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.FilingNotADirectory), setting, full, InboxEntryClassifier.Describe(kind.Value)));
    }
}
