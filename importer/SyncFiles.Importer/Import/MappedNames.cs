using SyncFiles.Common.Text;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Import;

/// <summary>
/// How messages name a bundle table and its central table, and a bundle column and its central
/// column: both sides when server.json maps one onto another name ("bundle table InvoiceLine ->
/// central invoice_line, column InvoiceLineId -> invoice_line_id"), the bundle's name alone when
/// they are the same name (in any case).
/// </summary>
public static class MappedNames
{
    /// <summary>"Table InvoiceLine", or "Bundle table InvoiceLine -> central invoice_line": the start of a sentence.</summary>
    public static LocalizedText Table(string bundleTable, ServerTableConfig? config) =>
        config is null || Same(bundleTable, config.CentralTable) ? ImporterText.Get(nameof(ImporterMessages.NamesTable), bundleTable) : ImporterText.Get(nameof(ImporterMessages.NamesTableMapped), bundleTable, config.CentralTable);

    /// <summary>"InvoiceLine", or "invoice_line (bundle table InvoiceLine)": the central table where a failure happened.</summary>
    public static string CentralTable(string bundleTable, ServerTableConfig? config) =>
        config is null || Same(bundleTable, config.CentralTable) ? config?.CentralTable ?? bundleTable : $"{config.CentralTable} (bundle table {bundleTable})";

    /// <summary>"InvoiceLine", or "InvoiceLine -> central invoice_line": a log line's table.</summary>
    public static string Both(string bundleTable, ServerTableConfig? config) =>
        config is null || Same(bundleTable, config.CentralTable) ? bundleTable : $"{bundleTable} -> central {config.CentralTable}";

    /// <summary>"column AlbumId", or "column AlbumId -> album_id".</summary>
    public static LocalizedText Column(string bundleColumn, string centralColumn) =>
        Same(bundleColumn, centralColumn) ? ImporterText.Get(nameof(ImporterMessages.NamesColumn), bundleColumn) : ImporterText.Get(nameof(ImporterMessages.NamesColumnMapped), bundleColumn, centralColumn);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
