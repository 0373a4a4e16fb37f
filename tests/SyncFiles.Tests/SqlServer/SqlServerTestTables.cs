using SyncFiles.SqlServer;

namespace SyncFiles.Tests.SqlServer;

/// <summary>Catalog descriptions of the tables the SQL tests generate statements for, as sys.columns would give them.</summary>
internal static class SqlServerTestTables
{
    private const string Latin = "Latin1_General_CI_AS";

    /// <summary>A column of every type SyncFiles reads or writes, keyed by (site_id, id).</summary>
    public static readonly SqlServerCatalogColumn[] EveryType =
    [
        new("site_id", "nvarchar", MaxLength: 64, Nullable: false, Collation: Latin),
        new("id", "bigint", Nullable: false),
        new("flag", "bit"),
        new("tiny", "tinyint"),
        new("small", "smallint"),
        new("number", "int"),
        new("amount", "decimal", Precision: 12, Scale: 2),
        new("price", "money", Precision: 19, Scale: 4),
        new("petty", "smallmoney", Precision: 10, Scale: 4),
        new("ratio", "real", Precision: 24),
        new("measure", "float", Precision: 53),
        new("code", "char", MaxLength: 3, Collation: "French_CS_AS"),
        new("label", "varchar", MaxLength: 40, Collation: "Latin1_General_100_CI_AS_SC_UTF8"),
        new("initials", "nchar", MaxLength: 4, Collation: Latin),
        new("notes", "nvarchar", MaxLength: -1, Collation: Latin),
        new("legacy_text", "text", MaxLength: 16, Collation: Latin),
        new("legacy_ntext", "ntext", MaxLength: 16, Collation: Latin),
        new("day", "date"),
        new("at_time", "time", Scale: 3),
        new("created", "datetime"),
        new("changed", "datetime2", Scale: 7),
        new("minute", "smalldatetime"),
        new("stamped", "datetimeoffset", Scale: 7),
        new("uid", "uniqueidentifier"),
        new("hash", "binary", MaxLength: 16),
        new("blob", "varbinary", MaxLength: -1),
        new("picture", "image", MaxLength: 16),
    ];

    /// <summary>The source side also has a rowversion column; the target side an xml column.</summary>
    public static readonly SqlServerCatalogColumn[] SourceEveryType = [.. EveryType, new("rv", "timestamp", MaxLength: 8, Nullable: false)];

    public static readonly SqlServerCatalogColumn[] TargetEveryType = [.. EveryType, new("document", "xml", MaxLength: -1)];

    /// <summary>
    /// The types that travel as SQL Server's own text, keyed by a hierarchyid as an org chart is
    /// (AdventureWorks' Employee.OrganizationNode), beside money and datetimeoffset.
    /// </summary>
    public static readonly SqlServerCatalogColumn[] NativeText =
    [
        new("node", "hierarchyid", MaxLength: 892, Nullable: false),
        new("document", "xml", MaxLength: -1),
        new("place", "geography", MaxLength: -1),
        new("shape", "geometry", MaxLength: -1),
        new("price", "money", Precision: 19, Scale: 4),
        new("stamped", "datetimeoffset", Scale: 7),
    ];

    /// <summary>An identity primary key and two values; no site column.</summary>
    public static readonly SqlServerCatalogColumn[] Articles =
    [
        new("id", "int", Nullable: false, IsIdentity: true),
        new("name", "nvarchar", MaxLength: 100, Nullable: false, Collation: Latin),
        new("price", "decimal", Precision: 10, Scale: 2),
    ];

    /// <summary>Every column is in the key (site_id, article_id, tag).</summary>
    public static readonly SqlServerCatalogColumn[] ArticleTags =
    [
        new("site_id", "varchar", MaxLength: 8, Nullable: false, Collation: Latin),
        new("article_id", "int", Nullable: false),
        new("tag", "nvarchar", MaxLength: 40, Nullable: false, Collation: Latin),
    ];

    /// <summary>An identity column that is not part of the key (site_id, sku).</summary>
    public static readonly SqlServerCatalogColumn[] Stock =
    [
        new("row_id", "bigint", Nullable: false, IsIdentity: true),
        new("site_id", "char", MaxLength: 4, Nullable: false, Collation: Latin),
        new("sku", "varchar", MaxLength: 20, Nullable: false, Collation: Latin),
        new("quantity", "int", Nullable: false),
    ];
}
