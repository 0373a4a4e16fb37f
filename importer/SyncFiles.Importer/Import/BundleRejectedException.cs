using SyncFiles.Common;
using SyncFiles.Common.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// A bundle that is well-formed but that this head office refuses: an unknown site or table, a
/// column the target lacks, a conflicting replay. It is quarantined with this message.
/// </summary>
public sealed class BundleRejectedException : SyncFilesException
{
    public BundleRejectedException(string message)
        : base(message)
    {
    }

    public BundleRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BundleRejectedException(LocalizedText text)
        : base(text)
    {
    }

    public BundleRejectedException(LocalizedText text, Exception innerException)
        : base(text, innerException)
    {
    }

    /// <summary>Whether the site's later bundles wait for this one (false when it is refused for good, e.g. a replayed sequence).</summary>
    public bool HoldsLaterBundles { get; init; } = true;
}
