namespace SyncFiles.Tests.Conformance;

/// <summary>
/// A SQLite music store shaped like the well-known public sample (artists, albums, tracks,
/// invoices and their lines): mixed-case quoted names, NVARCHAR and NUMERIC(10,2) as that sample
/// declares them, foreign keys, and a trigger that keeps an invoice's total and its last update.
/// Its PostgreSQL head office is written the way a PostgreSQL user writes it: unquoted names,
/// which PostgreSQL folds to lower case.
/// </summary>
public static class MusicStoreCorpus
{
    public const string Source = """
        PRAGMA foreign_keys = ON;
        CREATE TABLE "Artist" (
            "ArtistId" INTEGER NOT NULL PRIMARY KEY,
            "Name" NVARCHAR(120));
        CREATE TABLE "Album" (
            "AlbumId" INTEGER NOT NULL PRIMARY KEY,
            "Title" NVARCHAR(160) NOT NULL,
            "ArtistId" INTEGER NOT NULL REFERENCES "Artist" ("ArtistId"));
        CREATE TABLE "Track" (
            "TrackId" INTEGER NOT NULL PRIMARY KEY,
            "Name" NVARCHAR(200) NOT NULL,
            "AlbumId" INTEGER REFERENCES "Album" ("AlbumId"),
            "Composer" NVARCHAR(220),
            "Milliseconds" INTEGER NOT NULL,
            "Bytes" INTEGER,
            "UnitPrice" NUMERIC(10,2) NOT NULL);
        CREATE TABLE "Invoice" (
            "InvoiceId" INTEGER NOT NULL PRIMARY KEY,
            "CustomerName" NVARCHAR(80) NOT NULL,
            "InvoiceDate" DATETIME NOT NULL,
            "BillingCity" NVARCHAR(40),
            "Total" NUMERIC(10,2) NOT NULL DEFAULT 0,
            "LastUpdate" DATETIME NOT NULL);
        CREATE INDEX "IFK_InvoiceLastUpdate" ON "Invoice" ("LastUpdate");
        CREATE TABLE "InvoiceLine" (
            "InvoiceLineId" INTEGER NOT NULL PRIMARY KEY,
            "InvoiceId" INTEGER NOT NULL REFERENCES "Invoice" ("InvoiceId"),
            "TrackId" INTEGER NOT NULL REFERENCES "Track" ("TrackId"),
            "UnitPrice" NUMERIC(10,2) NOT NULL,
            "Quantity" INTEGER NOT NULL);
        CREATE TRIGGER "InvoiceLine_Total" AFTER INSERT ON "InvoiceLine"
        BEGIN
            UPDATE "Invoice"
               SET "Total" = "Total" + NEW."UnitPrice" * NEW."Quantity",
                   "LastUpdate" = '2026-02-01 08:00:00'
             WHERE "InvoiceId" = NEW."InvoiceId";
        END;

        INSERT INTO "Artist" VALUES (1, 'AC/DC'), (2, 'Antônio Carlos Jobim'), (3, 'Guns N'' Roses'), (4, NULL), (5, '');
        INSERT INTO "Album" VALUES (1, 'For Those About To Rock We Salute You', 1), (2, 'Warner 25 Anos', 2), (3, 'Appetite for Destruction', 3);
        INSERT INTO "Track" VALUES
            (1, 'For Those About To Rock (We Salute You)', 1, 'Angus Young, Malcolm Young, Brian Johnson', 343719, 11170334, 0.99),
            (2, 'Balls to the Wall', NULL, NULL, 342562, 5510424, 0.99),
            (3, 'Garota de Ipanema', 2, 'Vinícius de Moraes "Vinicius"' || char(10) || 'and Jobim', 279536, NULL, 1.99),
            (4, 'Welcome to the Jungle', 3, '', 273000, 8948201, 10.00),
            (5, '日本語のタイトル 🎸', 3, '  spaced  ', 1, 0, 0.00);
        INSERT INTO "Invoice" VALUES
            (1, 'Luís Gonçalves', '2026-01-01 00:00:00', 'São José dos Campos', 0, '2026-01-01 00:00:00'),
            (2, 'Leonie Köhler', '2026-01-02 13:45:10', 'Stuttgart', 0, '2026-01-02 13:45:10'),
            (3, 'O''Brien, "Paddy"', '2026-01-03 23:59:59', NULL, 0, '2026-01-03 23:59:59');
        INSERT INTO "InvoiceLine" VALUES
            (1, 1, 1, 0.99, 2),
            (2, 1, 3, 1.99, 1),
            (3, 2, 4, 10.00, 3),
            (4, 3, 5, 0.00, 1);
        """;

    /// <summary>A sale the next day: a new line (the trigger adds it to the invoice) and a corrected artist.</summary>
    public const string Changes = """
        INSERT INTO "InvoiceLine" VALUES (5, 2, 2, 0.99, 4);
        UPDATE "Invoice" SET "LastUpdate" = '2026-02-02 09:30:00', "BillingCity" = 'Stuttgart, "Mitte"' WHERE "InvoiceId" = 2;
        UPDATE "Artist" SET "Name" = 'Guns N'' Roses (rev.)' WHERE "ArtistId" = 3;
        INSERT INTO "Artist" VALUES (6, 'Os Mutantes');
        """;

    public const string SqliteHeadOffice = """
        CREATE TABLE "Artist" ("site" TEXT NOT NULL, "ArtistId" INTEGER NOT NULL, "Name" NVARCHAR(120), PRIMARY KEY ("site", "ArtistId"));
        CREATE TABLE "Album" ("site" TEXT NOT NULL, "AlbumId" INTEGER NOT NULL, "Title" NVARCHAR(160) NOT NULL, "ArtistId" INTEGER NOT NULL, PRIMARY KEY ("site", "AlbumId"));
        CREATE TABLE "Track" (
            "site" TEXT NOT NULL, "TrackId" INTEGER NOT NULL, "Name" NVARCHAR(200) NOT NULL, "AlbumId" INTEGER, "Composer" NVARCHAR(220),
            "Milliseconds" INTEGER NOT NULL, "Bytes" INTEGER, "UnitPrice" NUMERIC(10,2) NOT NULL, PRIMARY KEY ("site", "TrackId"));
        CREATE TABLE "Invoice" (
            "site" TEXT NOT NULL, "InvoiceId" INTEGER NOT NULL, "CustomerName" NVARCHAR(80) NOT NULL, "InvoiceDate" DATETIME NOT NULL,
            "BillingCity" NVARCHAR(40), "Total" NUMERIC(10,2) NOT NULL, "LastUpdate" DATETIME NOT NULL, PRIMARY KEY ("site", "InvoiceId"));
        CREATE TABLE "InvoiceLine" (
            "site" TEXT NOT NULL, "InvoiceLineId" INTEGER NOT NULL, "InvoiceId" INTEGER NOT NULL, "TrackId" INTEGER NOT NULL,
            "UnitPrice" NUMERIC(10,2) NOT NULL, "Quantity" INTEGER NOT NULL, PRIMARY KEY ("site", "InvoiceLineId"));
        """;

    public const string PostgresHeadOffice = """
        CREATE TABLE artist (site varchar(10) NOT NULL, artistid integer NOT NULL, name varchar(120), PRIMARY KEY (site, artistid));
        CREATE TABLE album (site varchar(10) NOT NULL, albumid integer NOT NULL, title varchar(160) NOT NULL, artistid integer NOT NULL, PRIMARY KEY (site, albumid));
        CREATE TABLE track (
            site varchar(10) NOT NULL, trackid integer NOT NULL, name varchar(200) NOT NULL, albumid integer, composer varchar(220),
            milliseconds integer NOT NULL, bytes integer, unitprice numeric(10,2) NOT NULL, PRIMARY KEY (site, trackid));
        CREATE TABLE invoice (
            site varchar(10) NOT NULL, invoiceid integer NOT NULL, customername varchar(80) NOT NULL, invoicedate timestamp NOT NULL,
            billingcity varchar(40), total numeric(10,2) NOT NULL, lastupdate timestamp NOT NULL, PRIMARY KEY (site, invoiceid));
        CREATE TABLE invoiceline (
            site varchar(10) NOT NULL, invoicelineid integer NOT NULL, invoiceid integer NOT NULL, trackid integer NOT NULL,
            unitprice numeric(10,2) NOT NULL, quantity integer NOT NULL, PRIMARY KEY (site, invoicelineid));
        """;

    public static CorpusSchema Schema { get; } = new()
    {
        Name = "music-store",
        SourceEngine = Engine.Sqlite,
        Source = Source,
        Changes = Changes,
        HeadOffice = new Dictionary<Engine, string> { [Engine.Sqlite] = SqliteHeadOffice, [Engine.Postgres] = PostgresHeadOffice },
        TargetName = (engine, name) => engine == Engine.Postgres ? name.ToLowerInvariant() : name,
        Tables =
        [
            CorpusTable.Reference("Artist", "ArtistId", new("ArtistId"), new("Name")),
            CorpusTable.Reference("Album", "AlbumId", new("AlbumId"), new("Title"), new("ArtistId")),
            CorpusTable.Reference(
                "Track", "TrackId",
                new("TrackId"), new("Name"), new("AlbumId"), new("Composer"), new("Milliseconds"), new("Bytes"), new("UnitPrice", Spelling.Decimal)),
            CorpusTable.Transaction(
                "Invoice", "InvoiceId", "LastUpdate", null,
                new("InvoiceId"), new("CustomerName"), new("InvoiceDate", Spelling.DateTime), new("BillingCity"), new("Total", Spelling.Decimal), new("LastUpdate", Spelling.DateTime)),
            CorpusTable.Transaction(
                "InvoiceLine", "InvoiceLineId", "InvoiceLineId", "sequence",
                new("InvoiceLineId"), new("InvoiceId"), new("TrackId"), new("UnitPrice", Spelling.Decimal), new("Quantity")),
        ],
    };
}
