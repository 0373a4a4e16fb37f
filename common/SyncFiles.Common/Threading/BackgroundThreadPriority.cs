using System.Runtime.InteropServices;

namespace SyncFiles.Common.Threading;

/// <summary>
/// Lowers the calling thread's scheduling priority on Linux as far as an unprivileged process may,
/// so that it runs on cores nothing else of the process (or the machine) wants and gives way when
/// the process's own threads need them. For optional work done ahead of time (the export's warm-up).
/// </summary>
/// <remarks>
/// Linux only: a nice-19 thread still gets a small share of a busy core, so a lock or a type
/// initialiser it holds is soon released. Windows runs a lower-priority thread only when no
/// normal one is ready, for seconds on a busy server (one that also serves the database, say), and
/// the warm-up runs the very first-use code the run needs next: holding that code's locks there,
/// or a collection it triggered, would stall the run. Elsewhere the thread keeps its priority.
/// </remarks>
public static partial class BackgroundThreadPriority
{
    private const int PrioProcess = 0;
    private const int LowestNice = 19;

    /// <summary>Lowers the calling thread on Linux; elsewhere, or where Linux refuses, the thread keeps its priority.</summary>
    public static void LowerCurrent()
    {
        if (OperatingSystem.IsLinux())
        {
            // .NET's thread priority does nothing on Linux; the nice value does, and there it belongs
            // to each thread: who = 0 is the calling thread only. A failure leaves it as it was.
            _ = SetPriority(PrioProcess, 0, LowestNice);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);
}
