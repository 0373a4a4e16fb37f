using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;

namespace SyncFiles.Importer.Schema;

/// <summary>
/// What a central table needs to hold a bundle table, as the target engine's DDL: the site column
/// first (the site's id, NOT NULL), each bundle column in the engine's own type for its portable
/// type (or the source's own type, where the engines match and the target has it), NOT NULL as the
/// manifest says, the primary key (site column + the bundle's key), and an index on the change
/// column. Also the <c>ALTER TABLE ... ADD</c> for a bundle column an existing table lacks.
/// </summary>
public sealed class CentralTableDefinitions
{
    private readonly ITargetSchemaWriter _writer;
    private readonly ITargetTransaction _transaction;
    private readonly string _sourceProvider;

    /// <param name="writer">The target engine's DDL.</param>
    /// <param name="transaction">Asked whether the target has a source type (<see cref="ITargetTransaction.NativeTypeAsync"/>).</param>
    /// <param name="sourceProvider">The manifest's <c>sourceProvider</c>: the engine the bundle's source types belong to.</param>
    public CentralTableDefinitions(ITargetSchemaWriter writer, ITargetTransaction transaction, string sourceProvider)
    {
        _writer = writer;
        _transaction = transaction;
        _sourceProvider = sourceProvider;
    }

    /// <summary>
    /// The statements that create <paramref name="centralName"/> for <paramref name="table"/>:
    /// CREATE TABLE, then CREATE INDEX on the change column. Without a site column (a table shared
    /// by every site), the primary key is the bundle's key alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateTableAsync(ManifestTable table, string centralName, string? siteColumn, CancellationToken cancellationToken)
    {
        var columns = new List<NewColumn>();
        if (siteColumn is not null)
        {
            columns.Add(new NewColumn(siteColumn, _writer.SiteColumnType, Nullable: false));
        }

        foreach (var column in table.Columns)
        {
            var isKey = table.Key.Contains(column.Name, StringComparer.OrdinalIgnoreCase);

            // A key column is NOT NULL whatever the source says (a SQLite key may be declared without it).
            columns.Add(await ColumnAsync(column, nullable: column.Nullable && !isKey, isKey, cancellationToken));
        }

        IReadOnlyList<string> key = siteColumn is null ? table.Key : [siteColumn, .. table.Key];
        var indexed = table.Watermark?.Column is { } changeColumn && !string.Equals(changeColumn, key[0], StringComparison.OrdinalIgnoreCase)
            ? new[] { changeColumn }
            : [];
        return _writer.CreateTable(new NewTable(centralName, columns, key, indexed));
    }

    /// <summary>
    /// <c>ALTER TABLE <paramref name="centralName"/> ADD</c> <paramref name="column"/>, always
    /// nullable: the table's rows, and the rows of sites that do not send it yet, have no value.
    /// </summary>
    public async Task<string> AddColumnAsync(string centralName, ManifestColumn column, CancellationToken cancellationToken) =>
        (await AddedColumnAsync(centralName, column, cancellationToken)).Statement;

    /// <summary>The column <see cref="AddColumnAsync"/> adds, with its statement.</summary>
    public async Task<(NewColumn Column, string Statement)> AddedColumnAsync(string centralName, ManifestColumn column, CancellationToken cancellationToken)
    {
        var added = await ColumnAsync(column, nullable: true, isKey: false, cancellationToken);
        return (added, _writer.AddColumn(centralName, added));
    }

    /// <summary>
    /// The bundle's columns <paramref name="target"/> lacks (names compared without case; the site
    /// column is the table's own), each named as head office would name it: its central name from
    /// <paramref name="centralColumn"/> (server.json's "columns"), else the bundle's.
    /// </summary>
    public static IReadOnlyList<ManifestColumn> MissingColumns(ManifestTable table, TargetTable target, Func<string, string>? centralColumn = null) =>
        table.Columns
            .Select(c => centralColumn is null ? c : c with { Name = centralColumn(c.Name) })
            .Where(c => target.Find(c.Name) is null)
            .ToList();

    private async Task<NewColumn> ColumnAsync(ManifestColumn column, bool nullable, bool isKey, CancellationToken cancellationToken)
    {
        var native = column.SourceType is null ? null : await _transaction.NativeTypeAsync(_sourceProvider, column, cancellationToken);
        return new NewColumn(column.Name, _writer.ColumnType(column, native, isKey), nullable);
    }
}
