namespace SyncFiles.Tests.Conformance;

/// <summary>
/// A small shop whose tables hold the edge values real business databases hold: sentinel dates
/// (0001-01-01 "no date", 9999-12-31 "valid forever"), PostgreSQL's infinities, NaN and
/// +-Infinity floats, 38-digit numerics, empty arrays and arrays holding NULL, quotes, commas,
/// tabs, CR and LF in text, mixed-case and quoted names (a table named with a reserved word).
/// Each value a target engine may be unable to hold sits in a table of its own, so that the
/// expectation table can say of each (pair, table, column) "identical" or "refused".
/// One version per source engine, each in its own DDL, with the values that engine can hold.
/// </summary>
public static class EdgeShopCorpus
{
    public const string PostgresSource = """
        CREATE TABLE "Order" (
            "OrderId" integer PRIMARY KEY,
            "CustomerName" varchar(100) NOT NULL,
            "Note" text,
            "Total" numeric(12,2) NOT NULL,
            "Paid" boolean NOT NULL,
            "PlacedAt" timestamp NOT NULL);
        INSERT INTO "Order" VALUES
            (1, 'O''Brien, "Paddy"', E'line one\nline two', 10.50, true, '2026-03-01 09:15:00'),
            (2, 'Zoë; Ærø', E'tab\there, CR\r\nthen LF', -0.01, false, '2026-03-01 09:15:00.123456'),
            (3, '  spaced  ', '', 0.00, true, '2026-03-02 00:00:00'),
            (4, 'NULL', NULL, 9999999999.99, false, '2026-03-02 23:59:59.999999'),
            (5, E'back\\slash 😀', '"', 1, true, '2026-03-03 12:00:00');

        CREATE TABLE sentinel_dates (
            id integer PRIMARY KEY,
            valid_from date NOT NULL,
            valid_until date,
            stamp timestamp,
            stamp_tz timestamptz);
        INSERT INTO sentinel_dates VALUES
            (1, '0001-01-01', '9999-12-31', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00'),
            (2, '2026-06-30', '9999-12-31', '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00'),
            (3, '2024-02-29', NULL, '2026-06-30 12:00:00', '2026-06-30 12:00:00+02');

        CREATE TABLE infinite_dates (
            id integer PRIMARY KEY,
            valid_until date,
            expires_at timestamp,
            seen_at timestamptz);
        INSERT INTO infinite_dates VALUES
            (1, 'infinity', 'infinity', 'infinity'),
            (2, '-infinity', '-infinity', '-infinity'),
            (3, '2026-01-01', '2026-01-01 00:00:00', '2026-01-01 00:00:00+00');

        CREATE TABLE float_specials (
            id integer PRIMARY KEY,
            ratio real,
            measure double precision);
        INSERT INTO float_specials VALUES
            (1, 'Infinity', '-Infinity'),
            (2, '-Infinity', 'Infinity'),
            (3, 1.5, 0.1),
            (4, NULL, 1e-300),
            (5, 3.4028235e+38, -2.5e+300);

        CREATE TABLE float_nan (
            id integer PRIMARY KEY,
            measure double precision);
        INSERT INTO float_nan VALUES (1, 'NaN'), (2, 2.5);

        CREATE TABLE big_numbers (
            id integer PRIMARY KEY,
            exact38 numeric(38,0),
            free numeric);
        INSERT INTO big_numbers VALUES
            (1, 12345678901234567890123456789012345678, 1234567890.123456789012345678901234567),
            (2, -99999999999999999999999999999999999999, 'NaN'),
            (3, 0, 0.000000000000000000000000000001);

        CREATE TABLE "Tags" (
            "TagsId" integer PRIMARY KEY,
            labels text[],
            scores integer[],
            doc jsonb,
            waited interval,
            client inet,
            ratios real[]);
        INSERT INTO "Tags" VALUES
            (1, '{}', '{}', '{}', '0', '127.0.0.1', '{}'),
            (2, '{NULL}', '{NULL,1}', 'null', '1 day 02:03:04.5', '::1', '{NULL}'),
            (3, ARRAY['a', NULL, 'b,c', 'quote"d', 'back\slash', ''], '{-2147483648,2147483647}',
                '{"name": "Zoë", "list": [1, 2.50, null, true], "nested": {"q": "say \"hi\""}}', '-1 year -2 mons +3 days', '10.0.0.0/8',
                '{1.5,-Infinity,0.1}'),
            (4, NULL, NULL, NULL, NULL, NULL, NULL);

        -- A transaction table whose change column holds a typo far in the future: later changes must still travel.
        CREATE TABLE "Delivery" (
            "DeliveryId" integer PRIMARY KEY,
            "Status" text NOT NULL,
            "ChangedAt" timestamptz NOT NULL);
        CREATE INDEX "IX_Delivery_ChangedAt" ON "Delivery" ("ChangedAt");
        INSERT INTO "Delivery" VALUES (1, 'pending', '2026-03-01 08:00:00+00'), (2, 'typo', '9999-12-31 00:00:00+00');
        """;

    public const string PostgresChanges = """
        UPDATE "Delivery" SET "Status" = 'delivered', "ChangedAt" = now() WHERE "DeliveryId" = 1;
        INSERT INTO "Delivery" VALUES (3, 'new', now());
        """;

    public const string PostgresOnPostgres = """
        CREATE TABLE "Order" (
            site varchar(10) NOT NULL, "OrderId" integer NOT NULL, "CustomerName" varchar(100) NOT NULL, "Note" text,
            "Total" numeric(12,2) NOT NULL, "Paid" boolean NOT NULL, "PlacedAt" timestamp NOT NULL, PRIMARY KEY (site, "OrderId"));
        CREATE TABLE sentinel_dates (
            site varchar(10) NOT NULL, id integer NOT NULL, valid_from date NOT NULL, valid_until date, stamp timestamp, stamp_tz timestamptz,
            PRIMARY KEY (site, id));
        CREATE TABLE infinite_dates (site varchar(10) NOT NULL, id integer NOT NULL, valid_until date, expires_at timestamp, seen_at timestamptz, PRIMARY KEY (site, id));
        CREATE TABLE float_specials (site varchar(10) NOT NULL, id integer NOT NULL, ratio real, measure double precision, PRIMARY KEY (site, id));
        CREATE TABLE float_nan (site varchar(10) NOT NULL, id integer NOT NULL, measure double precision, PRIMARY KEY (site, id));
        CREATE TABLE big_numbers (site varchar(10) NOT NULL, id integer NOT NULL, exact38 numeric(38,0), free numeric, PRIMARY KEY (site, id));
        CREATE TABLE "Tags" (
            site varchar(10) NOT NULL, "TagsId" integer NOT NULL, labels text[], scores integer[], doc jsonb, waited interval, client inet,
            ratios real[], PRIMARY KEY (site, "TagsId"));
        CREATE TABLE "Delivery" (site varchar(10) NOT NULL, "DeliveryId" integer NOT NULL, "Status" text NOT NULL, "ChangedAt" timestamptz NOT NULL, PRIMARY KEY (site, "DeliveryId"));
        """;

    public const string PostgresOnSqlite = """
        CREATE TABLE "Order" (
            site TEXT NOT NULL, "OrderId" INTEGER NOT NULL, "CustomerName" VARCHAR(100) NOT NULL, "Note" TEXT,
            "Total" NUMERIC(12,2) NOT NULL, "Paid" BOOLEAN NOT NULL, "PlacedAt" DATETIME NOT NULL, PRIMARY KEY (site, "OrderId"));
        CREATE TABLE sentinel_dates (
            site TEXT NOT NULL, id INTEGER NOT NULL, valid_from DATE NOT NULL, valid_until DATE, stamp DATETIME, stamp_tz DATETIMEOFFSET,
            PRIMARY KEY (site, id));
        CREATE TABLE infinite_dates (site TEXT NOT NULL, id INTEGER NOT NULL, valid_until DATE, expires_at DATETIME, seen_at DATETIMEOFFSET, PRIMARY KEY (site, id));
        CREATE TABLE float_specials (site TEXT NOT NULL, id INTEGER NOT NULL, ratio REAL, measure REAL, PRIMARY KEY (site, id));
        CREATE TABLE float_nan (site TEXT NOT NULL, id INTEGER NOT NULL, measure REAL, PRIMARY KEY (site, id));
        CREATE TABLE big_numbers (site TEXT NOT NULL, id INTEGER NOT NULL, exact38 NUMERIC(38,0), free NUMERIC, PRIMARY KEY (site, id));
        CREATE TABLE "Tags" (
            site TEXT NOT NULL, "TagsId" INTEGER NOT NULL, labels TEXT, scores TEXT, doc TEXT, waited TEXT, client TEXT,
            ratios TEXT, PRIMARY KEY (site, "TagsId"));
        CREATE TABLE "Delivery" (site TEXT NOT NULL, "DeliveryId" INTEGER NOT NULL, "Status" TEXT NOT NULL, "ChangedAt" DATETIMEOFFSET NOT NULL, PRIMARY KEY (site, "DeliveryId"));
        """;

    public const string SqliteSource = """
        CREATE TABLE "Order" (
            "OrderId" INTEGER NOT NULL PRIMARY KEY,
            "CustomerName" VARCHAR(100) NOT NULL,
            "Note" TEXT,
            "Total" NUMERIC(12,2) NOT NULL,
            "Paid" BOOLEAN NOT NULL,
            "PlacedAt" DATETIME NOT NULL);
        INSERT INTO "Order" VALUES
            (1, 'O''Brien, "Paddy"', 'line one' || char(10) || 'line two', 10.50, 1, '2026-03-01 09:15:00'),
            (2, 'Zoë; Ærø', 'tab' || char(9) || 'here, CR' || char(13, 10) || 'then LF', -0.01, 0, '2026-03-01 09:15:00.123'),
            (3, '  spaced  ', '', 0.00, 1, '2026-03-02 00:00:00'),
            (4, 'NULL', NULL, 9999999999.99, 0, '2026-03-02 23:59:59.999'),
            (5, 'back\slash 😀', '"', 1, 1, '2026-03-03 12:00:00');

        CREATE TABLE sentinel_dates (
            id INTEGER NOT NULL PRIMARY KEY,
            valid_from DATE NOT NULL,
            valid_until DATE,
            stamp DATETIME,
            stamp_tz DATETIMEOFFSET);
        INSERT INTO sentinel_dates VALUES
            (1, '0001-01-01', '9999-12-31', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00:00'),
            (2, '2026-06-30', '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59+00:00'),
            (3, '2024-02-29', NULL, '2026-06-30 12:00:00', '2026-06-30 12:00:00+02:00');

        CREATE TABLE float_specials (
            id INTEGER NOT NULL PRIMARY KEY,
            measure REAL);
        INSERT INTO float_specials VALUES (1, 1e999), (2, -1e999), (3, 0.1), (4, 1e-300), (5, NULL);

        CREATE TABLE nul_text (
            id INTEGER NOT NULL PRIMARY KEY,
            body TEXT);
        INSERT INTO nul_text VALUES (1, 'before' || char(0) || 'after');

        -- A transaction table whose change column holds a typo far in the future: later changes must still travel.
        CREATE TABLE "Delivery" (
            "DeliveryId" INTEGER NOT NULL PRIMARY KEY,
            "Status" TEXT NOT NULL,
            "ChangedAt" DATETIME NOT NULL);
        CREATE INDEX "IX_Delivery_ChangedAt" ON "Delivery" ("ChangedAt");
        INSERT INTO "Delivery" VALUES (1, 'pending', '2026-03-01 08:00:00'), (2, 'typo', '9999-12-31 00:00:00');
        """;

    public const string SqliteChanges = """
        UPDATE "Delivery" SET "Status" = 'delivered', "ChangedAt" = datetime('now') WHERE "DeliveryId" = 1;
        INSERT INTO "Delivery" VALUES (3, 'new', datetime('now'));
        """;

    public const string SqliteOnSqlite = """
        CREATE TABLE "Order" (
            site TEXT NOT NULL, "OrderId" INTEGER NOT NULL, "CustomerName" VARCHAR(100) NOT NULL, "Note" TEXT,
            "Total" NUMERIC(12,2) NOT NULL, "Paid" BOOLEAN NOT NULL, "PlacedAt" DATETIME NOT NULL, PRIMARY KEY (site, "OrderId"));
        CREATE TABLE sentinel_dates (
            site TEXT NOT NULL, id INTEGER NOT NULL, valid_from DATE NOT NULL, valid_until DATE, stamp DATETIME, stamp_tz DATETIMEOFFSET,
            PRIMARY KEY (site, id));
        CREATE TABLE float_specials (site TEXT NOT NULL, id INTEGER NOT NULL, measure REAL, PRIMARY KEY (site, id));
        CREATE TABLE nul_text (site TEXT NOT NULL, id INTEGER NOT NULL, body TEXT, PRIMARY KEY (site, id));
        CREATE TABLE "Delivery" (site TEXT NOT NULL, "DeliveryId" INTEGER NOT NULL, "Status" TEXT NOT NULL, "ChangedAt" DATETIME NOT NULL, PRIMARY KEY (site, "DeliveryId"));
        """;

    public const string SqliteOnPostgres = """
        CREATE TABLE "Order" (
            site varchar(10) NOT NULL, "OrderId" integer NOT NULL, "CustomerName" varchar(100) NOT NULL, "Note" text,
            "Total" numeric(12,2) NOT NULL, "Paid" boolean NOT NULL, "PlacedAt" timestamp(3) NOT NULL, PRIMARY KEY (site, "OrderId"));
        CREATE TABLE sentinel_dates (
            site varchar(10) NOT NULL, id integer NOT NULL, valid_from date NOT NULL, valid_until date, stamp timestamp, stamp_tz timestamptz,
            PRIMARY KEY (site, id));
        CREATE TABLE float_specials (site varchar(10) NOT NULL, id integer NOT NULL, measure double precision, PRIMARY KEY (site, id));
        CREATE TABLE nul_text (site varchar(10) NOT NULL, id integer NOT NULL, body text, PRIMARY KEY (site, id));
        CREATE TABLE "Delivery" (site varchar(10) NOT NULL, "DeliveryId" integer NOT NULL, "Status" text NOT NULL, "ChangedAt" timestamp NOT NULL, PRIMARY KEY (site, "DeliveryId"));
        """;

    private static readonly CorpusTable Order = CorpusTable.Reference(
        "Order", "OrderId",
        new("OrderId"), new("CustomerName"), new("Note"), new("Total", Spelling.Decimal), new("Paid", Spelling.Boolean), new("PlacedAt", Spelling.DateTime));

    private static readonly CorpusTable SentinelDates = CorpusTable.Reference(
        "sentinel_dates", "id",
        new("id"), new("valid_from"), new("valid_until"), new("stamp", Spelling.DateTime), new("stamp_tz", Spelling.DateTimeOffset));

    private static CorpusTable Delivery(Spelling changedAt) => CorpusTable.Transaction(
        "Delivery", "DeliveryId", "ChangedAt", null, new("DeliveryId"), new("Status"), new("ChangedAt", changedAt));

    public static CorpusSchema Postgres { get; } = new()
    {
        Name = "edge-shop-postgres",
        SourceEngine = Engine.Postgres,
        Source = PostgresSource,
        Changes = PostgresChanges,
        HeadOffice = new Dictionary<Engine, string> { [Engine.Postgres] = PostgresOnPostgres, [Engine.Sqlite] = PostgresOnSqlite },
        Tables =
        [
            Order,
            SentinelDates,
            CorpusTable.Reference(
                "infinite_dates", "id",
                new("id"), new("valid_until"), new("expires_at", Spelling.DateTime), new("seen_at", Spelling.DateTimeOffset)),
            CorpusTable.Reference("float_specials", "id", new("id"), new("ratio", Spelling.Float32), new("measure", Spelling.Float)),
            CorpusTable.Reference("float_nan", "id", new("id"), new("measure", Spelling.Float)),
            CorpusTable.Reference("big_numbers", "id", new("id"), new("exact38", Spelling.Decimal), new("free", Spelling.Decimal)),
            CorpusTable.Reference("Tags", "TagsId", new("TagsId"), new("labels"), new("scores"), new("doc"), new("waited"), new("client"), new("ratios")),
            Delivery(Spelling.DateTimeOffset),
        ],
    };

    public static CorpusSchema Sqlite { get; } = new()
    {
        Name = "edge-shop-sqlite",
        SourceEngine = Engine.Sqlite,
        Source = SqliteSource,
        Changes = SqliteChanges,
        HeadOffice = new Dictionary<Engine, string> { [Engine.Sqlite] = SqliteOnSqlite, [Engine.Postgres] = SqliteOnPostgres },
        Tables =
        [
            Order,
            SentinelDates,
            CorpusTable.Reference("float_specials", "id", new("id"), new("measure", Spelling.Float)),
            CorpusTable.Reference("nul_text", "id", new("id"), new("body")),
            Delivery(Spelling.DateTime),
        ],
    };
}
