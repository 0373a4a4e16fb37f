using SyncFiles.Common;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// The bundle is in the outbox but the state file could not be replaced. Nothing is lost: the next
/// run sees the bundle, takes the next sequence and exports the same range again.
/// </summary>
public sealed class PublishedButNotRecordedException : SyncFilesException
{
    public PublishedButNotRecordedException(string bundlePath, string statePath, Exception innerException)
        : base(ExporterText.Get(nameof(ExporterMessages.PublishedNotRecorded), bundlePath, statePath, innerException.Message), innerException)
    {
        BundlePath = bundlePath;
    }

    public string BundlePath { get; }
}
