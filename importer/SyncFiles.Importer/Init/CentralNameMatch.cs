namespace SyncFiles.Importer.Init;

/// <summary>
/// How one bundle name (a table or a column) meets the names head office already has
/// (docs/configuration.md, "An existing head office schema"). The same name in any case needs no
/// mapping; otherwise the central names equal to it once case and underscores are ignored
/// (<c>InvoiceLine</c> and <c>invoice_line</c>): exactly one is a match, several are candidates
/// for a person to choose from, none means head office lacks it.
/// </summary>
/// <param name="BundleName">The name as the bundle spells it.</param>
/// <param name="Central">The central name it lands on: its own (any case) or the one match; null when ambiguous or missing.</param>
/// <param name="Candidates">When ambiguous, the central names it could be; empty otherwise.</param>
public sealed record CentralNameMatch(string BundleName, string? Central, IReadOnlyList<string> Candidates)
{
    /// <summary>The central name differs from the bundle's beyond case: server.json must map it ("into", "columns").</summary>
    public bool NeedsMapping => Central is not null && !string.Equals(Central, BundleName, StringComparison.OrdinalIgnoreCase);

    public bool IsAmbiguous => Candidates.Count > 1;

    public bool IsMissing => Central is null && Candidates.Count == 0;

    public static CentralNameMatch Find(string bundleName, IEnumerable<string> centralNames)
    {
        var names = centralNames.ToList();
        if (names.FirstOrDefault(n => string.Equals(n, bundleName, StringComparison.OrdinalIgnoreCase)) is { } same)
        {
            return new CentralNameMatch(bundleName, same, []);
        }

        var loose = Loose(bundleName);
        var found = names.Where(n => Loose(n) == loose).Order(StringComparer.Ordinal).ToList();
        return found.Count == 1
            ? new CentralNameMatch(bundleName, found[0], [])
            : new CentralNameMatch(bundleName, null, found);
    }

    /// <summary>The name with case and underscores ignored.</summary>
    private static string Loose(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
