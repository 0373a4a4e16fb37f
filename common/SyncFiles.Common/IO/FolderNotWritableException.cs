using SyncFiles.Common.Text;

namespace SyncFiles.Common.IO;

/// <summary>
/// A folder the program must write into (the outbox, the log folder, keygen's --out) cannot be
/// written by the account it runs as. The message is one line naming the folder, the account and
/// the reason, never the temporary file that happened to fail: that is what a person checks
/// (the scheduled task's account, the folder's permissions, a path that runs through a file).
/// </summary>
public sealed class FolderNotWritableException : SyncFilesException
{
    private FolderNotWritableException(LocalizedText text, Exception innerException)
        : base(text, innerException)
    {
    }

    /// <summary>The account the program runs as, as the operating system names it (DOMAIN\user on Windows).</summary>
    public static string CurrentUser =>
        OperatingSystem.IsWindows() ? $@"{Environment.UserDomainName}\{Environment.UserName}" : Environment.UserName;

    /// <param name="folder">The outbox.</param>
    /// <param name="cause">What creating the folder or a file in it threw (IOException, UnauthorizedAccessException).</param>
    public static FolderNotWritableException Outbox(string folder, Exception cause) => For(nameof(CommonMessages.OutboxNotWritable), folder, cause);

    /// <inheritdoc cref="Outbox"/>
    public static FolderNotWritableException LogFolder(string folder, Exception cause) => For(nameof(CommonMessages.LogFolderNotWritable), folder, cause);

    /// <inheritdoc cref="Outbox"/>
    public static FolderNotWritableException KeyFolder(string folder, Exception cause) => For(nameof(CommonMessages.KeyFolderNotWritable), folder, cause);

    private static FolderNotWritableException For(string key, string folder, Exception cause)
    {
        var full = Path.GetFullPath(folder);
        return new FolderNotWritableException(CommonText.Get(key, full, CurrentUser, Reason(full, cause)), cause);
    }

    private static LocalizedText Reason(string folder, Exception cause)
    {
        // A path that runs through a regular file ("outbox": "C:\\data.txt\\outbox") fails with a
        // misleading "could not find a part of the path": say which part is a file.
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current))
            {
                return current == folder
                    ? CommonText.Get(nameof(CommonMessages.FolderIsAFile))
                    : CommonText.Get(nameof(CommonMessages.FolderPathThroughFile), current);
            }

            if (Directory.Exists(current))
            {
                break;
            }
        }

        return cause is UnauthorizedAccessException
            ? CommonText.Get(nameof(CommonMessages.FolderPermissionDenied))
            : LocalizedText.Untranslated(cause.Message);
    }
}
