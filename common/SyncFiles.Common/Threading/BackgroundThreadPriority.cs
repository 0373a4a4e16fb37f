using System.Runtime.InteropServices;

namespace SyncFiles.Common.Threading;

/// <summary>
/// Lowers the calling thread's scheduling priority as far as an unprivileged process may, so that
/// it runs on cores nothing else of the process (or the machine) wants and gives way at once when
/// the process's own threads need them. For optional work done ahead of time (the export's warm-up).
/// </summary>
public static partial class BackgroundThreadPriority
{
    private const int PrioProcess = 0;
    private const int LowestNice = 19;

    /// <summary>Lowers the calling thread; where the platform refuses, the thread keeps its priority.</summary>
    public static void LowerCurrent()
    {
        if (OperatingSystem.IsLinux())
        {
            // .NET's thread priority does nothing on Linux; the nice value does, and there it belongs
            // to each thread: who = 0 is the calling thread only. A failure leaves it as it was.
            _ = SetPriority(PrioProcess, 0, LowestNice);
            return;
        }

        Thread.CurrentThread.Priority = ThreadPriority.Lowest;
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);
}
