namespace SyncFiles.SqlServer;

/// <summary>
/// One column as SQL Server's catalog (sys.columns, sys.types) declares it.
/// </summary>
/// <param name="Name">Column name, as stored.</param>
/// <param name="TypeName">The system type's name in lower case (an alias type's base type; a CLR type's own name).</param>
/// <param name="MaxLength">sys.columns.max_length: bytes (an nvarchar's characters times two), -1 for (max).</param>
/// <param name="Precision">sys.columns.precision.</param>
/// <param name="Scale">sys.columns.scale: decimal places, or a time type's fraction digits.</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="IsIdentity">An IDENTITY column (the database numbers new rows).</param>
/// <param name="IsComputed">A computed column (never written).</param>
/// <param name="HasDefault">A DEFAULT constraint exists.</param>
/// <param name="Collation">The collation of a character column; null for the others.</param>
internal sealed record SqlServerCatalogColumn(
    string Name,
    string TypeName,
    int MaxLength = 0,
    int Precision = 0,
    int Scale = 0,
    bool Nullable = true,
    bool IsIdentity = false,
    bool IsComputed = false,
    bool HasDefault = false,
    string? Collation = null)
{
    /// <summary>rowversion (the catalog calls it timestamp): an 8-byte number the database sets on every write.</summary>
    public bool IsRowversion => TypeName is "timestamp" or "rowversion";

    /// <summary>
    /// xml, hierarchyid, geography or geometry: no portable type holds them, so they travel as SQL
    /// Server's own text (read by <c>SqlServerSql</c>'s select list, written back by
    /// <see cref="SqlServerTypeMapper.StagedValue"/>).
    /// </summary>
    public bool TravelsAsText => TypeName is "xml" or "hierarchyid" or "geography" or "geometry";

    /// <summary>char, varchar, nchar, nvarchar, text or ntext: compared under a collation.</summary>
    public bool IsCharacter => TypeName is "char" or "varchar" or "nchar" or "nvarchar" or "text" or "ntext";

    /// <summary>The declared type as one would write it: nvarchar(40), decimal(12,2), datetime2(3), varbinary(max).</summary>
    public string DeclaredType => TypeName switch
    {
        "char" or "varchar" or "binary" or "varbinary" => $"{TypeName}({(MaxLength < 0 ? "max" : MaxLength)})",
        "nchar" or "nvarchar" => $"{TypeName}({(MaxLength < 0 ? "max" : MaxLength / 2)})",
        "decimal" or "numeric" => $"{TypeName}({Precision},{Scale})",
        "time" or "datetime2" or "datetimeoffset" => $"{TypeName}({Scale})",
        _ => TypeName,
    };

    /// <summary>The declared length in characters (strings) or bytes (binary); null for (max) and the types without one.</summary>
    public int? Length => TypeName switch
    {
        _ when MaxLength < 0 => null,
        "nchar" or "nvarchar" => MaxLength / 2,
        "char" or "varchar" or "binary" or "varbinary" => MaxLength,
        _ => null,
    };
}
