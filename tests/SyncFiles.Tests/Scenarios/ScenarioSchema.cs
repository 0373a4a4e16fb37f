namespace SyncFiles.Tests.Scenarios;

/// <summary>The scenario tables, written once with type placeholders every provider renders.</summary>
public static class ScenarioSchema
{
    public const string Source = """
        CREATE TABLE familles (id {int64} PRIMARY KEY, libelle {varchar:60} NOT NULL);
        CREATE TABLE factures (
            id {int64} PRIMARY KEY,
            numero {varchar:20} NOT NULL,
            total_ttc {decimal:14:2} NOT NULL,
            remarque {text},
            modifie_le {datetime} NOT NULL);
        CREATE INDEX ix_factures_modifie_le ON factures (modifie_le);
        CREATE TABLE mouvements (id {int64} PRIMARY KEY, article {int32} NOT NULL, quantite {decimal:12:3} NOT NULL);
        """;

    public const string Central = """
        CREATE TABLE familles (agence {varchar:10} NOT NULL, id {int64} NOT NULL, libelle {varchar:60} NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE factures (
            agence {varchar:10} NOT NULL,
            id {int64} NOT NULL,
            numero {varchar:20} NOT NULL,
            total_ttc {decimal:14:2} NOT NULL,
            remarque {text},
            modifie_le {datetime} NOT NULL,
            PRIMARY KEY (agence, id));
        CREATE TABLE mouvements (agence {varchar:10} NOT NULL, id {int64} NOT NULL, article {int32} NOT NULL, quantite {decimal:12:3} NOT NULL, PRIMARY KEY (agence, id));
        """;

    public static readonly object[] SiteTables =
    [
        new { name = "familles", kind = "reference", deletes = "mirror" },
        new { name = "factures", kind = "transaction", changeColumn = "modifie_le" },
        new { name = "mouvements", kind = "transaction", changeColumn = "id", strategy = "sequence" },
    ];

    public static readonly object[] ServerTables =
    [
        new { name = "familles", siteColumn = "agence" },
        new { name = "factures", siteColumn = "agence" },
        new { name = "mouvements", siteColumn = "agence" },
    ];

    /// <summary>A column of every portable type (floats and times kept to what every provider stores exactly).</summary>
    public const string MatrixSource = """
        CREATE TABLE matrice (
            id {int64} PRIMARY KEY,
            flag {bool}, small {int16}, medium {int32}, big {int64}, amount {decimal:18:4}, ratio {float64},
            label {varchar:200}, note {text}, day {date}, at_time {time}, stamp {datetime}, stamp_tz {datetimeoffset},
            uid {guid}, payload {binary});
        """;

    public const string MatrixCentral = """
        CREATE TABLE matrice (
            agence {varchar:10} NOT NULL, id {int64} NOT NULL,
            flag {bool}, small {int16}, medium {int32}, big {int64}, amount {decimal:18:4}, ratio {float64},
            label {varchar:200}, note {text}, day {date}, at_time {time}, stamp {datetime}, stamp_tz {datetimeoffset},
            uid {guid}, payload {binary},
            PRIMARY KEY (agence, id));
        """;

    public const string MatrixRows = """
        INSERT INTO matrice (id, flag, small, medium, big, amount, ratio, label, note, day, at_time, stamp, stamp_tz, uid, payload) VALUES
          (1, {true}, -32768, -2147483648, 9223372036854775807, -12345678901.2345, 1.5e-300, 'plain', '', '2026-02-28', '23:59:59.123456',
           '2026-11-26 10:15:30.123456', '2026-11-26 10:15:30.5+05:30', '0f8fad5b-d9cb-469f-a165-70867728950e', {bin:00FF10}),
          (2, {false}, 32767, 2147483647, -9223372036854775808, 0.0001, -2.5, 'comma, "quote" and ''apostrophe''', 'NULL', '0001-01-01', '00:00:00',
           '1900-01-01 00:00:00', '2000-01-01 00:00:00-08:00', '00000000-0000-0000-0000-000000000001', {bin:}),
          (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          (4, {true}, 0, 0, 0, 12.5, 3.141592653589793, 'Éloïse 日本 😀', ' ', '2024-02-29', '12:00:00', '9999-12-31 23:59:59.999999', '2000-01-01 00:00:00+00:00', 'ffffffff-ffff-ffff-ffff-ffffffffffff', {bin:DEADBEEF});
        """;

    public static readonly object[] MatrixSiteTables = [new { name = "matrice", kind = "reference" }];

    public static readonly object[] MatrixServerTables = [new { name = "matrice", siteColumn = "agence" }];

    /// <summary>Reference tables as most shops have them: one scoped to the site (articles), one shared by every site (taux, no siteColumn).</summary>
    public const string ReferenceSource = """
        CREATE TABLE articles (id {int64} PRIMARY KEY, libelle {varchar:60} NOT NULL, prix {decimal:10:2} NOT NULL);
        CREATE TABLE taux (code {varchar:10} PRIMARY KEY, taux {decimal:5:2} NOT NULL);
        CREATE TABLE factures (
            id {int64} PRIMARY KEY,
            numero {varchar:20} NOT NULL,
            total_ttc {decimal:14:2} NOT NULL,
            remarque {text},
            modifie_le {datetime} NOT NULL);
        """;

    public const string ReferenceCentral = """
        CREATE TABLE articles (agence {varchar:10} NOT NULL, id {int64} NOT NULL, libelle {varchar:60} NOT NULL, prix {decimal:10:2} NOT NULL, PRIMARY KEY (agence, id));
        CREATE TABLE taux (code {varchar:10} PRIMARY KEY, taux {decimal:5:2} NOT NULL);
        CREATE TABLE factures (
            agence {varchar:10} NOT NULL,
            id {int64} NOT NULL,
            numero {varchar:20} NOT NULL,
            total_ttc {decimal:14:2} NOT NULL,
            remarque {text},
            modifie_le {datetime} NOT NULL,
            PRIMARY KEY (agence, id));
        """;

    public static readonly object[] ReferenceSiteTables =
    [
        new { name = "articles", kind = "reference" },
        new { name = "taux", kind = "reference" },
        new { name = "factures", kind = "transaction", changeColumn = "modifie_le" },
    ];

    public static readonly object[] ReferenceServerTables =
    [
        new { name = "articles", siteColumn = "agence" },
        new { name = "taux" },
        new { name = "factures", siteColumn = "agence" },
    ];
}
