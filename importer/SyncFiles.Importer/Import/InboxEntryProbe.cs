using System.Runtime.InteropServices;
using System.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Looks at an inbox entry without following it or opening it: the thin edge under
/// <see cref="InboxEntryClassifier"/>. .NET shows links (<see cref="FileSystemInfo.LinkTarget"/>,
/// <see cref="FileAttributes.ReparsePoint"/>) but not the Unix file type, so on Unix the mode comes
/// from <c>SystemNative_LStat</c>, the lstat wrapper of .NET's own System.Native library (the one
/// <see cref="File"/> itself calls). It was chosen over a P/Invoke of libc's <c>lstat</c> because
/// its output struct has one managed layout on every architecture (libc's <c>struct stat</c> differs
/// between x64 and arm64, and glibc only exported <c>lstat</c> from 2.33), and over a non-blocking
/// <c>open</c> because the flag values (O_NOFOLLOW) differ per architecture too and nothing need be
/// opened to decide. The library is part of every .NET runtime, and is linked into the single-file
/// published program (checked by running the published linux-x64 binary on an inbox holding a FIFO).
/// </summary>
public static class InboxEntryProbe
{
    /// <summary>The facts about <paramref name="path"/>, or null when nothing is there (any more).</summary>
    public static InboxEntryFacts? Look(string path)
    {
        var info = new FileInfo(path);
        FileAttributes attributes;
        string? linkTarget;
        try
        {
            attributes = info.Attributes;
            if ((int)attributes == -1)
            {
                return null;
            }

            linkTarget = info.LinkTarget;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        int? type = null;
        if (!OperatingSystem.IsWindows())
        {
            type = UnixFileType(path);
            if (type is null)
            {
                return null;
            }
        }

        return new InboxEntryFacts(Path.GetFileName(path), attributes, linkTarget is not null, type);
    }

    /// <summary>What <paramref name="path"/> is; a path that is gone reads as null.</summary>
    public static InboxEntryKind? Kind(string path) => Look(path) is { } facts ? InboxEntryClassifier.Classify(facts) : null;

    /// <summary>The S_IFMT bits of lstat's mode, or null when the entry is gone.</summary>
    private static int? UnixFileType(string path)
    {
        // FileStatus (src/native/libs/System.Native/pal_io.h): int32 Flags, int32 Mode, then more.
        // Only Mode is read; the buffer is larger than the struct will ever be.
        var status = new byte[512];
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        if (SystemNativeLStat(bytes, status) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20)
            {
                // ENOENT, ENOTDIR: gone.
                return null;
            }

            throw new IOException($"{Path.GetFileName(path)}: cannot tell what it is (lstat failed, errno {errno}).");
        }

        return BitConverter.ToInt32(status, 4) & InboxEntryClassifier.TypeMask;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SystemNativeLStat(byte[] path, [Out] byte[] status);
}
