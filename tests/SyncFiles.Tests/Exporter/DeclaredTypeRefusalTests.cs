using System.Diagnostics;
using System.Globalization;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// SQLite does not enforce declared types, and its driver converts silently; the manifest carries
/// the declarations to head office. A value that breaks its column's declaration is refused at the
/// site with exit 2, naming table, row, key, column, declared type and the rule: no bundle, state unchanged.
/// </summary>
public sealed class DeclaredTypeRefusalTests
{
    [Theory]
    [InlineData("INSERT INTO factures VALUES (2, 'F2', 1.99*1.5, NULL, '2026-11-02 10:00:00.000', NULL, NULL);",
        "Table factures, row 2 (id=2), column total_ttc: the value cannot be read as decimal: 2.985 has 3 decimal places; the column is declared DECIMAL(14,2)")]
    [InlineData("INSERT INTO factures VALUES (2, 'F2', 1234567890123.5, NULL, '2026-11-02 10:00:00.000', NULL, NULL);",
        "Table factures, row 2 (id=2), column total_ttc: the value cannot be read as decimal: 1234567890123.5 has more than 12 digits before the point; the column is declared DECIMAL(14,2)")]
    [InlineData("INSERT INTO factures VALUES (2, 'F-2026-000000000000002', 1, NULL, '2026-11-02 10:00:00.000', NULL, NULL);",
        "Table factures, row 2 (id=2), column numero: the value cannot be read as string: 'F-2026-000000000000002' is 22 characters; the column is declared VARCHAR(20)")]
    [InlineData("INSERT INTO factures VALUES (2, 'F2', 1, NULL, '2026-11-02 10:00:00.000', 2.5, NULL);",
        "Table factures, row 2 (id=2), column qte: the value cannot be read as int64: 2.5 is a real number; the column is declared INTEGER")]
    [InlineData("INSERT INTO factures VALUES (2, 'F2', 1, NULL, '2026-11-02 10:00:00.000', 'douze', NULL);",
        "Table factures, row 2 (id=2), column qte: the value cannot be read as int64: 'douze' is text; the column is declared INTEGER")]
    [InlineData("INSERT INTO factures VALUES (2, 'F2', 1, NULL, '2026-11-02 10:00:00.000', NULL, 2);",
        "Table factures, row 2 (id=2), column paye: the value cannot be read as boolean: 2 is not 0 or 1; the column is declared BOOLEAN")]
    [InlineData("INSERT INTO factures VALUES (2, 'F2', 1, NULL, '2026-11-02 10:00:00.000', NULL, 'yes');",
        "Table factures, row 2 (id=2), column paye: the value cannot be read as boolean: 'yes' is text; the column is declared BOOLEAN")]
    public async Task A_value_that_breaks_its_declared_type_is_refused_with_exit_2_and_nothing_is_published(string insert, string expected)
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN qte INTEGER; ALTER TABLE factures ADD COLUMN paye BOOLEAN;");
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000', 3, 1);");
        await sync.ExportOkAsync();
        var stateBefore = File.ReadAllBytes(sync.StatePath);
        var outboxBefore = SyncFixture.Files(sync.Outbox);
        sync.ExecuteSource(insert);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(result.Error.Contains(expected + ", and the manifest carries declared types to head office.", StringComparison.Ordinal), result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(stateBefore, File.ReadAllBytes(sync.StatePath));
        Assert.Equal(outboxBefore, SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public async Task A_shop_manager_reading_french_reads_the_refused_value_and_its_rule_in_french()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN paye BOOLEAN;");
        sync.ExecuteSource("INSERT INTO factures VALUES (2, 'F2', 1, NULL, '2026-11-02 10:00:00.000', 2);");

        var result = await sync.ExportAsync("--lang", "fr");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("2 n'est ni 0 ni 1 ; la colonne est déclarée BOOLEAN, et le manifeste transmet les types déclarés au siège.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is not 0 or 1", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("livre_le", "'01/02/2026'", "datetime", "'01/02/2026' is not YYYY-MM-DD[ HH:MM[:SS[.fffffff]]] (' ' or 'T', no zone, at most 7 fractional digits); the column is declared DATETIME")]
    [InlineData("livre_le", "'2026-11-02T10:00:00Z'", "datetime", "'2026-11-02T10:00:00Z' is not YYYY-MM-DD[ HH:MM[:SS[.fffffff]]] (' ' or 'T', no zone, at most 7 fractional digits); the column is declared DATETIME")]
    [InlineData("livre_le", "'2026-11-02 10:00:00+02:00'", "datetime", "'2026-11-02 10:00:00+02:00' is not YYYY-MM-DD[ HH:MM[:SS[.fffffff]]] (' ' or 'T', no zone, at most 7 fractional digits); the column is declared DATETIME")]
    [InlineData("livre_le", "'2026-11-02 10:00:00.123456789'", "datetime", "'2026-11-02 10:00:00.123456789' is not YYYY-MM-DD[ HH:MM[:SS[.fffffff]]] (' ' or 'T', no zone, at most 7 fractional digits); the column is declared DATETIME")]
    [InlineData("jour", "'01/02/2026'", "date", "'01/02/2026' is not YYYY-MM-DD; the column is declared DATE")]
    [InlineData("jour", "'2026-11-02 10:30:00'", "date", "'2026-11-02 10:30:00' is not YYYY-MM-DD; the column is declared DATE")]
    [InlineData("jour", "1767225600", "date", "1767225600 is a number outside the Julian days of years 1 to 9999 (a unix time? store the date as text); the column is declared DATE")]
    [InlineData("livre_le", "1767225600", "datetime", "1767225600 is a number outside the Julian days of years 1 to 9999 (a unix time? store the date as text); the column is declared DATETIME")]
    [InlineData("jour", "2461000", "date", "2461000 is a Julian day with a time of day; the column is declared DATE")]
    [InlineData("heure", "'10:00:00.123456789'", "time", "'10:00:00.123456789' is not HH:MM[:SS[.fffffff]]; the column is declared TIME")]
    [InlineData("poids", "'abc'", "float64", "'abc' is text; the column is declared REAL")]
    [InlineData("remarque", "X'C328FF'", "string", "a blob of 3 bytes is not valid UTF-8 text; the column is declared TEXT")]
    public async Task A_date_real_or_text_value_the_driver_would_change_is_refused_with_exit_2(string column, string literal, string cast, string rule)
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN jour DATE; ALTER TABLE factures ADD COLUMN livre_le DATETIME; ALTER TABLE factures ADD COLUMN heure TIME; ALTER TABLE factures ADD COLUMN poids REAL;");
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000', '2026-11-01', '2026-11-01 10:00:00', '10:00:00', 1.5);");
        await sync.ExportOkAsync();
        var stateBefore = File.ReadAllBytes(sync.StatePath);
        var outboxBefore = SyncFixture.Files(sync.Outbox);
        sync.ExecuteSource("INSERT INTO factures (id, numero, total_ttc, modifie_le) VALUES (2, 'F2', 1, '2026-11-02 10:00:00.000');");
        sync.ExecuteSource($"UPDATE factures SET {column} = {literal} WHERE id = 2;");

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        var expected = $"Table factures, row 2 (id=2), column {column}: the value cannot be read as {cast}: {rule}, and the manifest carries declared types to head office.";
        Assert.True(result.Error.Contains(expected, StringComparison.Ordinal), result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(stateBefore, File.ReadAllBytes(sync.StatePath));
        Assert.Equal(outboxBefore, SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public async Task The_iso_forms_sqlite_writes_still_export_exactly()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("ALTER TABLE factures ADD COLUMN jour DATE; ALTER TABLE factures ADD COLUMN livre_le DATETIME; ALTER TABLE factures ADD COLUMN heure TIME; ALTER TABLE factures ADD COLUMN poids REAL;");
        sync.ExecuteSource("""
            INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000', date('2026-11-01'), datetime('2026-11-01 10:20:30'), time('10:20:30'), 1.5);
            INSERT INTO factures VALUES (2, 'F2', '10.00', NULL, '2026-11-01 10:00:00.000', '2026-11-02', '2026-11-02T10:20', '10:20', 2);
            INSERT INTO factures VALUES (3, 'F3', '10.00', NULL, '2026-11-01 10:00:00.000', '2026-11-03', strftime('%Y-%m-%d %H:%M:%f', '2026-11-03 10:20:30.125'), '23:59:59.1234567', 0.25);
            INSERT INTO factures VALUES (4, 'F4', '10.00', NULL, '2026-11-01 10:00:00.000', '2026-11-04', '2026-11-04 10:20:30.1234567', '00:00', -3);
            """);

        var bundle = await sync.ExportOkAsync();

        var csv = TestBundles.ReadEntry(bundle, "tables/factures.csv");
        Assert.Equal(
            """
            id,numero,total_ttc,remarque,modifie_le,jour,livre_le,heure,poids
            1,F1,10.00,,2026-11-01T10:00:00,2026-11-01,2026-11-01T10:20:30,10:20:30,1.5
            2,F2,10.00,,2026-11-01T10:00:00,2026-11-02,2026-11-02T10:20:00,10:20:00,2
            3,F3,10.00,,2026-11-01T10:00:00,2026-11-03,2026-11-03T10:20:30.125,23:59:59.1234567,0.25
            4,F4,10.00,,2026-11-01T10:00:00,2026-11-04,2026-11-04T10:20:30.1234567,00:00:00,-3
            """.ReplaceLineEndings("\n") + "\n",
            csv);

        // SQLite's own reading of the same values (its functions keep whole seconds here).
        var exported = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')).ToList();
        var sqlite = await Sqlite3Async(sync.Source.AsSqlite().Path, "SELECT date(jour), datetime(livre_le), time(heure), poids FROM factures ORDER BY id;");
        Assert.Equal(exported.Count, sqlite.Count);
        for (var i = 0; i < sqlite.Count; i++)
        {
            Assert.Equal(sqlite[i][0], exported[i][5]);
            Assert.Equal(sqlite[i][1].Replace(' ', 'T'), exported[i][6][..19]);
            Assert.Equal(sqlite[i][2], exported[i][7][..8]);
            Assert.Equal(double.Parse(sqlite[i][3], CultureInfo.InvariantCulture), double.Parse(exported[i][8], CultureInfo.InvariantCulture));
        }
    }

    private static async Task<List<string[]>> Sqlite3Async(string path, string sql)
    {
        var start = new ProcessStartInfo("sqlite3", ["-separator", ",", path, sql]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))];
    }

    [Fact]
    public async Task Trailing_zeros_beyond_the_declared_scale_are_exported_at_the_scale()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '2.500', NULL, '2026-11-01 10:00:00.000');");

        await sync.ExportOkAsync();

        Assert.Single(SyncFixture.Files(sync.Outbox));
    }
}
