using SyncFiles.Common;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The bundle is in the outbox but the state file could not be replaced. Nothing is lost: the next
/// run sees the bundle, takes the next sequence and exports the same range again.
/// </summary>
public sealed class PublishedButNotRecordedException : SyncFilesException
{
    public PublishedButNotRecordedException(string bundlePath, string statePath, Exception innerException)
        : base($"Bundle {bundlePath} was published, but the state file {statePath} could not be saved: {innerException.Message} Send the bundle as usual; the next run continues after it and exports the same rows again.", innerException)
    {
        BundlePath = bundlePath;
    }

    public string BundlePath { get; }
}
