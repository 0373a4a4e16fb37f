using System.Runtime.InteropServices;

namespace SyncFiles.Common.Progress;

/// <summary>
/// Windows consoles interpret VT100 sequences only once asked to (Windows 10 and later); other
/// terminals always do. Asked once, before the live display draws anything.
/// </summary>
public static partial class VirtualTerminal
{
    private const int StandardErrorHandle = -12;
    private const uint EnableVirtualTerminalProcessing = 0x0004;

    /// <summary>True when standard error now interprets VT100 sequences.</summary>
    public static bool TryEnableOnStandardError()
    {
        if (!OperatingSystem.IsWindows())
        {
            return true;
        }

        var handle = NativeMethods.GetStdHandle(StandardErrorHandle);
        if (handle == IntPtr.Zero || handle == new IntPtr(-1) || !NativeMethods.GetConsoleMode(handle, out var mode))
        {
            return false;
        }

        return (mode & EnableVirtualTerminalProcessing) != 0
            || NativeMethods.SetConsoleMode(handle, mode | EnableVirtualTerminalProcessing);
    }

    private static partial class NativeMethods
    {
        [LibraryImport("kernel32.dll", SetLastError = true)]
        internal static partial IntPtr GetStdHandle(int handle);

        [LibraryImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static partial bool GetConsoleMode(IntPtr handle, out uint mode);

        [LibraryImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static partial bool SetConsoleMode(IntPtr handle, uint mode);
    }
}
