using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Checks a bundle without any database: manifest, entries, and every value of every table parsed
/// as its type, with sizes, row counts and SHA-256 compared to the manifest.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Returns the verified manifest; a bad bundle throws <see cref="BundleFormatException"/>.</summary>
    public static Manifest Verify(string path, CancellationToken cancellationToken)
    {
        using var stream = InboxBundle.OpenRead(path);
        using var reader = BundleReader.Open(stream, Path.GetFileName(path));
        foreach (var table in reader.Manifest.Tables)
        {
            using var rows = new BundleTableReader(reader, table);
            while (rows.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return reader.Manifest;
    }
}
