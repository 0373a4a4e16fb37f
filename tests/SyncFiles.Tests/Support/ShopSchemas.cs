namespace SyncFiles.Tests.Support;

/// <summary>Small schemas written for the tests: every portable type, and a two-table shop.</summary>
public static class ShopSchemas
{
    /// <summary>One table with a column of every portable type the SQLite source maps.</summary>
    public const string TypeMatrixSource = """
        CREATE TABLE matrice (
            id INTEGER PRIMARY KEY,
            flag BOOLEAN,
            small SMALLINT,
            big BIGINT,
            amount DECIMAL(18,4),
            ratio REAL,
            label VARCHAR(200),
            note TEXT,
            day DATE,
            at_time TIME,
            stamp DATETIME,
            stamp_tz DATETIMEOFFSET,
            uid UUID,
            payload BLOB
        );
        """;

    public const string TypeMatrixCentral = """
        CREATE TABLE matrice (
            agence VARCHAR(10) NOT NULL,
            id INTEGER NOT NULL,
            flag BOOLEAN,
            small SMALLINT,
            big BIGINT,
            amount DECIMAL(18,4),
            ratio REAL,
            label VARCHAR(200),
            note TEXT,
            day DATE,
            at_time TIME,
            stamp DATETIME,
            stamp_tz DATETIMEOFFSET,
            uid UUID,
            payload BLOB,
            PRIMARY KEY (agence, id)
        );
        """;

    public const string ShopSource = """
        CREATE TABLE familles (id INTEGER PRIMARY KEY, libelle VARCHAR(60) NOT NULL);
        CREATE TABLE factures (
            id INTEGER PRIMARY KEY,
            numero VARCHAR(20) NOT NULL,
            total_ttc DECIMAL(14,2) NOT NULL,
            remarque TEXT,
            modifie_le DATETIME NOT NULL);
        CREATE INDEX ix_factures_modifie_le ON factures (modifie_le);
        """;

    public const string ShopCentral = """
        CREATE TABLE familles (agence VARCHAR(10) NOT NULL, id INTEGER NOT NULL, libelle VARCHAR(60) NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE factures (
            agence VARCHAR(10) NOT NULL,
            id INTEGER NOT NULL,
            numero VARCHAR(20) NOT NULL,
            total_ttc DECIMAL(14,2) NOT NULL,
            remarque TEXT,
            modifie_le DATETIME NOT NULL,
            PRIMARY KEY (agence, id));
        """;

    public static readonly object[] ShopSiteTables =
    [
        new { name = "familles", kind = "reference" },
        new { name = "factures", kind = "transaction", changeColumn = "modifie_le" },
    ];

    public static readonly object[] ShopServerTables =
    [
        new { name = "familles", siteColumn = "agence" },
        new { name = "factures", siteColumn = "agence" },
    ];

    public static SyncFixture NewShop() => SyncFixture.OnSqlite(ShopSource, ShopCentral, ShopSiteTables, ShopServerTables);
}
