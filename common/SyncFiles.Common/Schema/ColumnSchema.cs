namespace SyncFiles.Common.Schema;

/// <summary>One column as the bundle describes it.</summary>
/// <param name="Name">Column name, a validated identifier.</param>
/// <param name="Type">Portable type.</param>
/// <param name="Nullable">Whether the source allows NULL.</param>
/// <param name="Length">Maximum length in characters (strings) or bytes (binary), when the source declares one.</param>
/// <param name="Precision">Total digits of a decimal, when declared.</param>
/// <param name="Scale">Digits after the point of a decimal, when declared.</param>
public sealed record ColumnSchema(
    string Name,
    PortableType Type,
    bool Nullable,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    string? SourceType = null);
