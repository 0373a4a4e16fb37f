namespace SyncFiles.Importer.Init;

/// <summary>What <c>syncfiles-import init</c> proposes for one bundle table, with the reasons as comment lines.</summary>
/// <param name="Name">The table, as the bundle names it.</param>
/// <param name="SiteColumn">The central column to set to the bundle's site; null: none.</param>
/// <param name="Notes">Why, and what is missing at head office: one comment line each, above the table's line.</param>
public sealed record ServerTableSuggestion(string Name, string? SiteColumn, IReadOnlyList<string> Notes)
{
    /// <summary>The central table, when head office names it otherwise ("into"); null: the bundle's name.</summary>
    public string? Into { get; init; }

    /// <summary>When the central table is ambiguous: the candidates, written as a commented "into".</summary>
    public IReadOnlyList<string> IntoCandidates { get; init; } = [];

    /// <summary>Bundle column -> central column, for the columns head office names otherwise (written active).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Columns { get; init; } = [];

    /// <summary>Bundle columns whose central column is ambiguous, with the candidates (written commented).</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> AmbiguousColumns { get; init; } = [];

    /// <summary>The central table as its catalog spells it; null when it was not found.</summary>
    public string? Central { get; init; }

    /// <summary>
    /// Whether head office lacks the table or one of its columns (a note says which): counted by
    /// init from this flag, never from the notes' words, which are in the reader's language.
    /// </summary>
    public bool MissingAtHeadOffice { get; init; }

    /// <summary>The enabled triggers on the central table.</summary>
    public IReadOnlyList<string> Triggers { get; init; } = [];
}
