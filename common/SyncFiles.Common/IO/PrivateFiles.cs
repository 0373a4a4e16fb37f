namespace SyncFiles.Common.IO;

/// <summary>
/// Every file and folder the programs create holds customer data or secrets (bundles, state,
/// logs, status pages, configs with passwords), so on Linux and macOS each is created readable by
/// its owner only: files 0600, folders 0700, whatever the umask. The mode is given at creation
/// (open(2) / mkdir(2)), so there is no moment when the file is readable by others. On Windows
/// files and folders inherit the parent folder's ACL: put the programs' folders where only the
/// service account (and administrators) can read.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rw------- (0600).</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ (0700).</summary>
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates the folder (and any missing parent) owner-only. A folder that already exists is left
    /// as it is: it was chosen by the operator, who may share it on purpose (an inbox on a share).
    /// </summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Options for a new file created owner-only (0600 on Unix; the folder's ACL on Windows).</summary>
    public static FileStreamOptions Create(FileMode mode, FileAccess access, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var result = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, BufferSize = bufferSize, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = OwnerOnlyFile;
        }

        return result;
    }

    /// <summary>Opens a new file, owner-only; fails when it exists.</summary>
    public static FileStream CreateNew(string path, FileAccess access = FileAccess.Write, int bufferSize = 4096) =>
        new(path, Create(FileMode.CreateNew, access, bufferSize));

    /// <summary>Writes a new text file (UTF-8, no BOM), owner-only; fails when it exists.</summary>
    public static void WriteNewText(string path, string text)
    {
        using var writer = new StreamWriter(CreateNew(path), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(text);
    }

    /// <summary>
    /// Makes an existing file owner-only (a file this program moved rather than created, such as a
    /// bundle filed from the inbox). A file that belongs to another account keeps its mode.
    /// </summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, OwnerOnlyFile);
        }
        catch (UnauthorizedAccessException)
        {
            // Another account's file (chmod needs the owner): it keeps its mode, inside a folder
            // only this account can enter.
        }
    }
}
