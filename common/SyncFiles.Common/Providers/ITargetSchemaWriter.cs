using SyncFiles.Common.Bundle;

namespace SyncFiles.Common.Providers;

/// <summary>
/// The DDL a target engine needs to hold a bundle's tables: the engine's own type for each bundle
/// column, <c>CREATE TABLE</c> with its primary key and indexes, and <c>ALTER TABLE ... ADD</c>.
/// Pure text, no database: names are validated and quoted by the engine's rules; no value ever
/// appears in it. The types chosen are the ones the importer's checks accept for the column
/// (docs/providers.md, "Tables made by init").
/// </summary>
public interface ITargetSchemaWriter
{
    /// <summary>
    /// The target's type for <paramref name="column"/>. <paramref name="nativeType"/>: the source's
    /// own type (its <c>sourceType</c>) when the target is of the source's engine and has that type
    /// (<see cref="ITargetTransaction.NativeTypeAsync"/>); it is used as it is. <paramref name="isKey"/>:
    /// the column is part of the primary key (SQL Server cannot index an unbounded string).
    /// </summary>
    string ColumnType(ManifestColumn column, string? nativeType, bool isKey);

    /// <summary>The type of the site column: site ids are 1 to 32 letters, digits or '_'.</summary>
    string SiteColumnType { get; }

    /// <summary><c>CREATE TABLE</c>, then one <c>CREATE INDEX</c> per indexed column: one statement each, without a terminator.</summary>
    IReadOnlyList<string> CreateTable(NewTable table);

    /// <summary><c>ALTER TABLE <paramref name="table"/> ADD</c> the column (nullable when it says so), without a terminator.</summary>
    string AddColumn(string table, NewColumn column);
}

/// <summary>A column to create: its name, its type as <see cref="ITargetSchemaWriter.ColumnType"/> gives it, and whether it takes NULL.</summary>
public sealed record NewColumn(string Name, string Type, bool Nullable);

/// <summary>
/// A table to create: its columns in order, the primary key, and the columns that get an index of
/// their own (the change column of a transaction table).
/// </summary>
public sealed record NewTable(string Name, IReadOnlyList<NewColumn> Columns, IReadOnlyList<string> PrimaryKey, IReadOnlyList<string> IndexedColumns)
{
    // PostgreSQL cuts names at 63 bytes; the shortest limit of the three engines.
    private const int MaxNameLength = 63;

    /// <summary>
    /// The name of the index on <paramref name="column"/>: <c>ix_table_column</c>, or, when that is
    /// longer than PostgreSQL keeps (63), its start and a hash of the whole, so two long names stay apart.
    /// </summary>
    public string IndexName(string column)
    {
        var name = $"ix_{Name}_{column}";
        if (name.Length <= MaxNameLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..(MaxNameLength - 9)]}_{hash}";
    }
}
