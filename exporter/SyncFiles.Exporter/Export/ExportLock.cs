using SyncFiles.Common;
using SyncFiles.Common.IO;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// One export per site at a time: an exclusive lock on <c>&lt;state file&gt;.lock</c>, held for the
/// whole run and released when disposed or when the process dies (the operating system drops it).
/// A scheduled run that overlaps a manual one stops at once instead of racing for a sequence.
/// </summary>
public sealed class ExportLock : IDisposable
{
    private readonly FileStream _file;

    private ExportLock(FileStream file)
    {
        _file = file;
    }

    public static ExportLock Take(string stateFilePath, string siteId)
    {
        var path = stateFilePath + ".lock";
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new ExportLock(new FileStream(path, PrivateFiles.Create(FileMode.OpenOrCreate, FileAccess.ReadWrite, 1, FileOptions.DeleteOnClose)));
        }
        catch (IOException ex)
        {
            throw new SyncFilesException(ExporterText.Get(nameof(ExporterMessages.ExportLocked), siteId, path), ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
