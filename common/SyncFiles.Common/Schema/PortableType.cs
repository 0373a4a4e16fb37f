namespace SyncFiles.Common.Schema;

/// <summary>
/// The database-neutral column types a bundle carries. Each provider maps its own catalog types
/// onto these; docs/bundle-format.md gives the text form of each.
/// </summary>
public enum PortableType
{
    Boolean,
    Int16,
    Int32,
    Int64,
    Decimal,
    Float32,
    Float64,
    String,
    Date,
    Time,
    DateTime,
    DateTimeOffset,
    Guid,
    Binary,
}
