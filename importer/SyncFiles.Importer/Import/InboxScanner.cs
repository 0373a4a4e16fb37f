using SyncFiles.Common.Bundle;
using SyncFiles.Common.Encryption;

namespace SyncFiles.Importer.Import;

/// <summary>An inbox entry named like a bundle that is not a regular file: never opened, never moved.</summary>
public sealed record RefusedInboxEntry(string Path, string FileName, InboxEntryKind Kind)
{
    public SyncFiles.Common.Text.LocalizedText Message => InboxEntryClassifier.RefusalText(FileName, Kind);
}

/// <summary>What the inbox holds: the bundle files, and the entries named like bundles that are not files.</summary>
public sealed record InboxListing(IReadOnlyList<string> Bundles, IReadOnlyList<RefusedInboxEntry> Refused);

/// <summary>
/// Lists the bundle files waiting in the inbox. Temporary and hidden files (a copy in progress by
/// SyncFiles or by an operator's tool) are skipped: only names ending in <c>.zip</c> or, for an
/// encrypted bundle, <c>.zip.enc</c> count (so <c>.tmp</c>, <c>.part</c> and <c>.filepart</c> copies
/// do not), and none starting with <c>.</c>
/// (rsync, SyncFiles' own temporary files) or <c>~</c> (Windows tools' temporary copies). Each entry
/// is looked at without following it (<see cref="InboxEntryProbe"/>): only regular files are
/// bundles; a named pipe, socket, device, directory or link is refused (docs/security.md).
/// </summary>
public static class InboxScanner
{
    public static IReadOnlyList<string> List(string inbox) => Scan(inbox).Bundles;

    public static InboxListing Scan(string inbox)
    {
        if (!Directory.Exists(inbox))
        {
            return new InboxListing([], []);
        }

        var bundles = new List<string>();
        var refused = new List<RefusedInboxEntry>();
        var names = Directory.EnumerateFileSystemEntries(inbox, "*" + BundleFileName.Extension)
            .Concat(Directory.EnumerateFileSystemEntries(inbox, "*" + BundleFileName.Extension + EncryptedBundleFile.Extension))
            .Where(path => !Path.GetFileName(path).StartsWith('.') && !Path.GetFileName(path).StartsWith('~'))
            .Order(StringComparer.Ordinal);
        foreach (var path in names)
        {
            switch (InboxEntryProbe.Kind(path))
            {
                case null:
                    // Gone since the listing (another importer took it).
                    break;
                case InboxEntryKind.RegularFile:
                    bundles.Add(path);
                    break;
                case { } kind:
                    refused.Add(new RefusedInboxEntry(path, Path.GetFileName(path), kind));
                    break;
            }
        }

        return new InboxListing(bundles, refused);
    }
}
