using System.Text;
using SyncFiles.Common.Bundle;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Init;

/// <summary>
/// The DDL <c>init</c> proposes for head office: the tables it lacks (what <c>--create-tables</c>
/// runs, in one transaction) and, for tables that exist, the columns they lack, as ALTER TABLE
/// statements to run by hand (init never alters a table).
/// </summary>
public sealed class CentralSchemaScript
{
    private readonly List<TableCreation> _creations = [];
    private readonly List<ColumnAddition> _additions = [];

    /// <summary>The tables to create, in the manifest's order.</summary>
    public IReadOnlyList<TableCreation> Creations => _creations;

    /// <summary>The columns existing central tables lack.</summary>
    public IReadOnlyList<ColumnAddition> Additions => _additions;

    public void Create(string bundleTable, string centralTable, IReadOnlyList<string> statements) =>
        _creations.Add(new TableCreation(bundleTable, centralTable, statements));

    public void Add(string bundleTable, string centralTable, ManifestColumn column, string statement) =>
        _additions.Add(new ColumnAddition(bundleTable, centralTable, column, statement));

    /// <summary>The ALTER TABLE for a column of an existing table, or null when it has it.</summary>
    public string? AdditionFor(string bundleTable, string column) =>
        _additions.FirstOrDefault(a => a.BundleTable == bundleTable && string.Equals(a.Column.Name, column, StringComparison.OrdinalIgnoreCase))?.Statement;

    /// <summary>The script's text: the CREATE statements to run, then the ALTER TABLE statements commented out.</summary>
    public string ToText(string siteId, string bundleName, string provider)
    {
        var text = new StringBuilder();
        text.Append(ImporterText.Get(nameof(ImporterMessages.ScriptHeader), bundleName, siteId, provider).Display.ReplaceLineEndings("\n")).Append('\n');
        foreach (var creation in _creations)
        {
            text.Append('\n').Append(creation.BundleTable == creation.CentralTable
                ? ImporterText.Get(nameof(ImporterMessages.ScriptBundleTable), creation.BundleTable).Display
                : ImporterText.Get(nameof(ImporterMessages.ScriptBundleTableMapped), creation.BundleTable, creation.CentralTable).Display).Append('\n');
            foreach (var statement in creation.Statements)
            {
                text.Append(statement).Append(";\n");
            }
        }

        if (_additions.Count > 0)
        {
            text.Append('\n').Append(ImporterText.Get(nameof(ImporterMessages.ScriptAdditions)).Display.ReplaceLineEndings("\n")).Append('\n');
            foreach (var addition in _additions)
            {
                text.Append("-- ").Append(addition.Statement).Append(";\n");
            }
        }

        return text.ToString();
    }
}

/// <summary>The statements that create one central table.</summary>
public sealed record TableCreation(string BundleTable, string CentralTable, IReadOnlyList<string> Statements);

/// <summary>A bundle column an existing central table lacks, and the ALTER TABLE that adds it.</summary>
public sealed record ColumnAddition(string BundleTable, string CentralTable, ManifestColumn Column, string Statement);
