using System.Text;
using Serilog.Sinks.File;
using SyncFiles.Common.IO;

namespace SyncFiles.Common.Logging;

/// <summary>
/// Makes each log file owner-only as the file sink opens it (Serilog creates files with the umask's
/// mode and has no option for it). Log lines name sites, tables and files; they may also carry
/// messages from the databases.
/// </summary>
internal sealed class PrivateLogFileHooks : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        PrivateFiles.Restrict(path);
        return base.OnFileOpened(path, underlyingStream, encoding);
    }
}
