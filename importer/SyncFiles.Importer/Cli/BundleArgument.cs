using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// A bundle named on the command line (<c>verify</c>, <c>decrypt</c>): unlike the inbox's entries
/// it may be a link, and what it cannot be read for is the person's to hear about in one line.
/// </summary>
internal static class BundleArgument
{
    /// <summary>
    /// The file a path given by hand ends at: a link is followed (the inbox never follows one), and
    /// what it ends at must still be a regular file, which opening it checks (never a pipe).
    /// </summary>
    public static string Resolve(string bundlePath) =>
        new FileInfo(bundlePath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? bundlePath;

    /// <summary>Whether <paramref name="exception"/> says the file could not be read (not what it holds).</summary>
    public static bool IsUnreadable(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>
    /// Says why the bundle could not be read and returns the exit code: 2 when it is not a regular
    /// file (a person named the wrong thing), 1 for an I/O failure the next attempt may not meet.
    /// </summary>
    public static async Task<int> ReportUnreadableAsync(Exception exception, string bundlePath, TextWriter error)
    {
        if (exception is NotAFileException notAFile)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.CliNotAFile), bundlePath, InboxEntryClassifier.Describe(notAFile.Kind)).Display);
            return ExitCodes.UsageOrConfiguration;
        }

        await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.CliCannotRead), bundlePath, exception.Message).Display);
        return ExitCodes.Failed;
    }
}
