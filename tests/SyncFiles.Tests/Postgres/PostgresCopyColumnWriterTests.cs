using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// Every pair of a bundle type and a PostgreSQL type that the importer's binary COPY writes with a
/// typed writer (PostgresCopyColumnWriter) lands the value the source holds, NULLs included, and a
/// text too long for its varchar or char column is refused, never cut. citext is created in the
/// test's own schema, not public. The target is made with psql: Npgsql keeps the types it loaded
/// at a connection string's first connection, so a citext created through Npgsql with the same
/// connection string would be unknown to the import that follows.
/// </summary>
public sealed class PostgresCopyColumnWriterTests
{
    private const string Source = """
        CREATE TABLE valeurs (id INTEGER PRIMARY KEY, petit SMALLINT, moyen INT, grand BIGINT, montant DECIMAL(12,3), mesure DOUBLE,
            actif BOOLEAN, uid UUID, moment DATETIME, nom TEXT, code TEXT, court TEXT, libre TEXT);
        INSERT INTO valeurs VALUES
            (1, -32768, -2147483648, -9223372036854775808, -123456789.125, -1.5e300, 1, '0F8FAD5B-D9CB-469F-A165-70867728950E', '2026-02-28 23:59:59.999999', 'Élise', 'ab', 'abcdef', 'ligne
        deux'),
            (2, 32767, 2147483647, 9223372036854775807, 0.001, 0.1, 0, '00000000-0000-0000-0000-000000000001', '0001-01-01 00:00:00', 'MAJ', 'abcdef', '', ' '),
            (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        """;

    private const string Target = """
        CREATE EXTENSION citext;
        CREATE TABLE valeurs (id integer PRIMARY KEY, petit smallint, moyen integer, grand bigint, montant numeric(12,3), mesure float8,
            actif boolean, uid uuid, moment timestamp, nom citext, code char(6), court varchar(6), libre text);
        """;

    [Fact]
    public async Task Typed_writers_land_every_value_and_NULL_as_the_source_holds_it()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "valeurs", kind = "reference" }], [new { name = "valeurs" }]);
        sync.Source.Execute(Source);
        DatabaseClients.Psql(sync.Target, Target);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(
            "1|-32768|-2147483648|-9223372036854775808|-123456789.125|-1.5e+300|t|0f8fad5b-d9cb-469f-a165-70867728950e|2026-02-28 23:59:59.999999|Élise|ab    |[abcdef]|[ligne\ndeux]\n" +
            "2|32767|2147483647|9223372036854775807|0.001|0.1|f|00000000-0000-0000-0000-000000000001|0001-01-01 00:00:00|MAJ|abcdef|[]|[ ]\n" +
            "3||||||||||||",
            DatabaseClients.Psql(sync.Target, "SELECT id, petit, moyen, grand, montant, mesure, actif, uid, moment, nom, code, '[' || court || ']', '[' || libre || ']' FROM valeurs ORDER BY id"));
    }

    [Theory]
    [InlineData("citext")]
    [InlineData("varchar(10)")]
    [InlineData("char(4)")]
    [InlineData("text")]
    public async Task The_site_column_takes_the_site_id_whatever_its_text_type(string type)
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "valeurs", kind = "reference" }], [new { name = "valeurs", siteColumn = "agence" }]);
        sync.Source.Execute("CREATE TABLE valeurs (id INTEGER PRIMARY KEY, nom TEXT); INSERT INTO valeurs VALUES (1, 'un'), (2, NULL);");
        DatabaseClients.Psql(sync.Target, (type == "citext" ? "CREATE EXTENSION citext; " : "") + $"CREATE TABLE valeurs (agence {type} NOT NULL, id integer NOT NULL, nom text, PRIMARY KEY (agence, id));");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal("AG01|1|un\nAG01|2|", DatabaseClients.Psql(sync.Target, "SELECT agence, id, nom FROM valeurs ORDER BY id"));
    }

    [Theory]
    [InlineData("court", "abcdefg")]
    [InlineData("code", "abcdefg")]
    public async Task A_text_longer_than_its_varchar_or_char_column_is_refused_not_cut(string column, string text)
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new PostgresTestDatabase(), [new { name = "valeurs", kind = "reference" }], [new { name = "valeurs" }]);
        sync.Source.Execute($"CREATE TABLE valeurs (id INTEGER PRIMARY KEY, {column} TEXT); INSERT INTO valeurs VALUES (1, '{text}');");
        sync.Target.Execute($"CREATE TABLE valeurs (id integer PRIMARY KEY, {column} {(column == "code" ? "char(6)" : "varchar(6)")});");

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.NotEqual(0, import.ExitCode);
        Assert.Equal("0", DatabaseClients.Psql(sync.Target, "SELECT count(*) FROM valeurs"));
    }
}
