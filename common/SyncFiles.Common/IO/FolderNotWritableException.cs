namespace SyncFiles.Common.IO;

/// <summary>
/// A folder the program must write into (the outbox, the log folder, keygen's --out) cannot be
/// written by the account it runs as. The message is one line naming the folder, the account and
/// the reason, never the temporary file that happened to fail: that is what a person checks
/// (the scheduled task's account, the folder's permissions, a path that runs through a file).
/// </summary>
public sealed class FolderNotWritableException : SyncFilesException
{
    private FolderNotWritableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The folder as it was configured, made absolute.</summary>
    public string Folder { get; private init; } = string.Empty;

    /// <param name="what">What the folder is to the user, as the configuration names it ("outbox").</param>
    /// <param name="folder">The folder.</param>
    /// <param name="cause">What creating the folder or a file in it threw (IOException, UnauthorizedAccessException).</param>
    public static FolderNotWritableException For(string what, string folder, Exception cause)
    {
        var full = Path.GetFullPath(folder);
        return new FolderNotWritableException($"{what} {full} is not writable by user {CurrentUser}: {Reason(full, cause)}", cause) { Folder = full };
    }

    /// <summary>The account the program runs as, as the operating system names it (DOMAIN\user on Windows).</summary>
    public static string CurrentUser =>
        OperatingSystem.IsWindows() ? $@"{Environment.UserDomainName}\{Environment.UserName}" : Environment.UserName;

    private static string Reason(string folder, Exception cause)
    {
        // A path that runs through a regular file ("outbox": "C:\\data.txt\\outbox") fails with a
        // misleading "could not find a part of the path": say which part is a file.
        for (var current = folder; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current))
            {
                return current == folder ? "it is a file, not a folder" : $"{current} is a file, not a folder";
            }

            if (Directory.Exists(current))
            {
                break;
            }
        }

        return cause is UnauthorizedAccessException ? "permission denied" : cause.Message;
    }
}
