using System.Runtime.InteropServices;

namespace SyncFiles.Common.IO;

/// <summary>
/// Gives an existing file a second name (link(2) on Linux and macOS, CreateHardLinkW on Windows):
/// both names then reach the same bytes on the disk, and deleting or renaming one leaves the other.
/// Only within one volume, and only where the file system has links (not FAT, not every network
/// share): the caller copies instead when <see cref="TryCreate"/> answers false.
/// </summary>
public static partial class HardLink
{
    /// <summary>
    /// Makes <paramref name="link"/> (a path that must not exist) a second name of
    /// <paramref name="existing"/>. False, creating nothing, when the system refuses for any reason
    /// (another volume, no link support, a missing folder): the copy the caller makes instead
    /// reports a real problem of the folder in its own words.
    /// </summary>
    public static bool TryCreate(string existing, string link)
    {
        if (OperatingSystem.IsWindows())
        {
            return CreateHardLink(link, existing, IntPtr.Zero);
        }

        return Link(existing, link) == 0;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string link);

    [LibraryImport("kernel32", EntryPoint = "CreateHardLinkW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateHardLink(string link, string existing, IntPtr securityAttributes);
}
