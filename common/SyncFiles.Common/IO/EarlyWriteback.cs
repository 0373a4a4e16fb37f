using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SyncFiles.Common.IO;

/// <summary>
/// Starts writing a file's bytes to the disk while the file is still being written, so that the
/// flush that makes it durable at the end (fsync) finds little left to write and returns sooner.
/// On Linux, every <c>interval</c>, <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c> asks the kernel
/// to begin writing what is in the page cache, without waiting for it. This only moves work
/// earlier: durability still comes from the final flush alone. Elsewhere it does nothing, and a
/// refused call (a file system that does not take it) changes nothing either.
/// </summary>
public sealed partial class EarlyWriteback : IDisposable
{
    private const uint SyncFileRangeWrite = 2;

    private readonly SafeFileHandle _file;
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private bool _stopped;

    /// <param name="file">The file being written; stop this before closing it.</param>
    /// <param name="interval">How often to start the write-out of what has been written so far.</param>
    public EarlyWriteback(SafeFileHandle file, TimeSpan interval)
    {
        _file = file;
        if (OperatingSystem.IsLinux())
        {
            _timer = new Timer(_ => StartWriteout(), null, interval, interval);
        }
    }

    /// <summary>Stops starting write-outs; when it returns, none is under way.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _timer?.Dispose();
    }

    private void StartWriteout()
    {
        lock (_gate)
        {
            if (_stopped || _file.IsClosed)
            {
                return;
            }

            var added = false;
            try
            {
                _file.DangerousAddRef(ref added);

                // The answer is not needed: a write-out not started is done by the final flush.
                _ = SyncFileRange(_file.DangerousGetHandle().ToInt32(), 0, 0, SyncFileRangeWrite);
            }
            finally
            {
                if (added)
                {
                    _file.DangerousRelease();
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);
}
