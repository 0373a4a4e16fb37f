using System.Text.Json.Serialization;
using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Bundle;

/// <summary>The bundle's table of contents, written last into <c>manifest.json</c> (docs/bundle-format.md).</summary>
public sealed record Manifest
{
    /// <summary>The version this build writes. Version 2 added a column's <c>sourceType</c>.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The oldest version this build still reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    public required int FormatVersion { get; init; }

    public required Guid BundleId { get; init; }

    public required string SiteId { get; init; }

    public required long Sequence { get; init; }

    public required BundleMode Mode { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public required ProducerInfo Producer { get; init; }

    public required string SourceProvider { get; init; }

    public required BundleCompression Compression { get; init; }

    public required IReadOnlyList<ManifestTable> Tables { get; init; }
}

public sealed record ProducerInfo(string Name, string Version);

public sealed record ManifestTable
{
    public required string Name { get; init; }

    public required TableKind Kind { get; init; }

    public required string File { get; init; }

    public required IReadOnlyList<string> Key { get; init; }

    public required IReadOnlyList<ManifestColumn> Columns { get; init; }

    public required long Rows { get; init; }

    public required long Bytes { get; init; }

    public required string Sha256 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Watermark? Watermark { get; init; }

    /// <summary>
    /// <c>mirror</c> on a reference table exported in full: head office deletes this site's rows
    /// that the snapshot no longer has. Absent otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DeleteMode? Deletes { get; init; }

    /// <summary>Tombstones: the keys of rows deleted at the source, when the change strategy records deletions.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TombstoneFile? Deleted { get; init; }
}

/// <summary>A <c>tables/&lt;table&gt;.deleted.csv</c> entry: key columns only, one deleted row per line.</summary>
public sealed record TombstoneFile
{
    public required string File { get; init; }

    public required long Rows { get; init; }

    public required long Bytes { get; init; }

    public required string Sha256 { get; init; }
}

public sealed record ManifestColumn
{
    public required string Name { get; init; }

    public required PortableType Type { get; init; }

    public required bool Nullable { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Length { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Precision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Scale { get; init; }

    /// <summary>
    /// Version 2: the source's declared type of a column that travels as the source engine's own
    /// text (portable type <c>string</c>), e.g. <c>mpaa_rating</c>, <c>integer[]</c>; of a column
    /// of a domain, the domain's name; of a PostgreSQL money column, <c>money</c>. Absent otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceType { get; init; }

    public static ManifestColumn From(ColumnSchema column) => new()
    {
        Name = column.Name,
        Type = column.Type,
        Nullable = column.Nullable,
        Length = column.Length,
        Precision = column.Precision,
        Scale = column.Scale,
        SourceType = column.SourceType,
    };

    public ColumnSchema ToSchema() => new(Name, Type, Nullable, Length, Precision, Scale, SourceType);
}

/// <summary>
/// The range a transaction table's rows were selected by: change-column values, or change-tracking
/// versions (then <c>Column</c> is null). <c>From</c> is null for a full export; <c>To</c> is null
/// when there was nothing to bound.
/// </summary>
public sealed record Watermark(string? Column, ChangeStrategy Strategy, string? From, string? To);

public enum BundleMode
{
    Full,
    Incremental,
}

public enum TableKind
{
    Reference,
    Transaction,
}

public enum ChangeStrategy
{
    /// <summary>A modified-at column; runs overlap by a configurable window.</summary>
    Timestamp,

    /// <summary>An ever-growing number, for insert-only tables.</summary>
    Sequence,

    /// <summary>SQL Server rowversion: bounded by MIN_ACTIVE_ROWVERSION() so open transactions are never skipped.</summary>
    Rowversion,

    /// <summary>SQL Server Change Tracking: inserts and updates as rows, deletes as tombstones.</summary>
    ChangeTracking,
}

public enum DeleteMode
{
    /// <summary>The table's rows at head office mirror the site's full snapshot.</summary>
    Mirror,
}

public enum BundleCompression
{
    Deflate,
    Zstd,
}
