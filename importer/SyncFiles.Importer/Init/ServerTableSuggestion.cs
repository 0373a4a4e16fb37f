namespace SyncFiles.Importer.Init;

/// <summary>What <c>syncfiles-import init</c> proposes for one bundle table, with the reasons as comment lines.</summary>
/// <param name="Name">The table, as the bundle names it.</param>
/// <param name="SiteColumn">The central column to set to the bundle's site; null: none.</param>
/// <param name="Notes">Why, and what is missing at head office: one comment line each, above the table's line.</param>
public sealed record ServerTableSuggestion(string Name, string? SiteColumn, IReadOnlyList<string> Notes);
