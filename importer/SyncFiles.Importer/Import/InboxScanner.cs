using SyncFiles.Common.Bundle;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Lists the bundle files waiting in the inbox. Temporary and hidden files (a copy in progress by
/// SyncFiles or by an operator's tool) are skipped: only names ending in <c>.zip</c> count (so
/// <c>.tmp</c>, <c>.part</c> and <c>.filepart</c> copies do not), and none starting with <c>.</c>
/// (rsync, SyncFiles' own temporary files) or <c>~</c> (Windows tools' temporary copies).
/// </summary>
public static class InboxScanner
{
    public static IReadOnlyList<string> List(string inbox)
    {
        if (!Directory.Exists(inbox))
        {
            return [];
        }

        return Directory.EnumerateFiles(inbox, "*" + BundleFileName.Extension)
            .Where(path => !Path.GetFileName(path).StartsWith('.') && !Path.GetFileName(path).StartsWith('~'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
