using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;

namespace SyncFiles.Importer.Init;

/// <summary>
/// Which central table each bundle table lands in, and which of them head office lacks. The one
/// place <c>init</c> decides it (a mapping of bundle tables onto other central names goes here).
/// </summary>
public static class CentralTables
{
    /// <summary>The central table <paramref name="table"/> lands in.</summary>
    public static string NameOf(ManifestTable table) => table.Name;

    /// <summary>
    /// The bundle's tables head office lacks, in the manifest's order: those whose central table
    /// (<see cref="NameOf"/>) <paramref name="central"/> found no table for.
    /// </summary>
    /// <param name="central">Per bundle table name, the central table as described, or null when it does not exist.</param>
    public static IReadOnlyList<ManifestTable> Missing(Manifest manifest, IReadOnlyDictionary<string, TargetTable?> central) =>
        manifest.Tables.Where(t => central.GetValueOrDefault(t.Name) is null).ToList();
}
