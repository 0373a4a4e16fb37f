using SyncFiles.Common.Text;

namespace SyncFiles.Common.Schema;

/// <summary>A table's columns, in order, and its key as read from a source catalog.</summary>
public sealed class TableSchema
{
    public TableSchema(string name, IReadOnlyList<ColumnSchema> columns, IReadOnlyList<string> primaryKey)
    {
        Identifier.Validate(name, "table");
        if (columns.Count == 0)
        {
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.TableHasNoColumns), name));
        }

        Name = name;
        Columns = columns;
        PrimaryKey = primaryKey;
    }

    public string Name { get; }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The primary key the catalog declares; empty when there is none.</summary>
    public IReadOnlyList<string> PrimaryKey { get; }

    public int IndexOf(string columnName)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, columnName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public ColumnSchema? Find(string columnName)
    {
        var index = IndexOf(columnName);
        return index < 0 ? null : Columns[index];
    }
}
