using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>Export from a real SQLite shop file, import into a real central SQLite file, compare every value.</summary>
public sealed class ExportImportRoundTripTests
{
    private static readonly object[] MatrixSite = [new { name = "matrice", kind = "reference" }];
    private static readonly object[] MatrixServer = [new { name = "matrice", siteColumn = "agence" }];

    [Fact]
    public async Task Every_portable_type_arrives_with_equal_values_and_null_kept_apart_from_empty()
    {
        using var sync = SyncFixture.OnSqlite(ShopSchemas.TypeMatrixSource, ShopSchemas.TypeMatrixCentral, MatrixSite, MatrixServer);
        sync.ExecuteSource("""
            INSERT INTO matrice VALUES
              (1, 1, -32768, 9223372036854775807, '-1234567890.1234', 1.5e-300, 'plain', '', '2026-02-28', '23:59:59.1234567',
               '2026-11-26 10:15:30.1234567', '2026-11-26 10:15:30.5+05:30', '0f8fad5b-d9cb-469f-a165-70867728950e', X'00FF10'),
              (2, 0, 32767, -9223372036854775808, '0.0001', -0.0, 'comma, "quote"' || char(10) || 'newline', 'NULL', '0001-01-01', '00:00:00',
               '9999-12-31 23:59:59.9999999', '0001-01-01 00:00:00+00:00', '00000000-0000-0000-0000-000000000001', X''),
              (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
              (4, 1, 0, 0, '12.5', 3.141592653589793, 'Éloïse 日本 😀', ' ', '2024-02-29', '12:00:00', '2000-01-01 00:00:00', '2000-01-01 00:00:00-08:00', 'ffffffff-ffff-ffff-ffff-ffffffffffff', X'DEADBEEF');
            """);

        var bundle = await sync.ExportOkAsync();
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();
        Assert.True(import.ExitCode == 0, import.ToString());

        const string columns = "id, flag, small, big, amount, ratio, label, note, day, at_time, stamp, stamp_tz, uid, payload";
        var central = sync.QueryCentral($"SELECT agence, {columns}, typeof(note), typeof(label) FROM matrice ORDER BY id");
        Assert.Equal(4, central.Count);
        Assert.All(central, row => Assert.Equal("AG01", row[0]));

        var row1 = central[0];
        Assert.Equal(1L, row1[2]);
        Assert.Equal(-32768L, row1[3]);
        Assert.Equal(long.MaxValue, row1[4]);
        // SQLite's NUMERIC affinity keeps 15 significant digits; PostgreSQL and SQL Server keep them all.
        Assert.Equal(-1234567890.1234m, decimal.Parse(Convert.ToString(row1[5], System.Globalization.CultureInfo.InvariantCulture)!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1.5e-300, row1[6]);
        Assert.Equal("plain", row1[7]);
        Assert.Equal(string.Empty, row1[8]);
        Assert.Equal("text", row1[15]);
        Assert.Equal("2026-02-28", row1[9]);
        Assert.Equal("23:59:59.1234567", row1[10]);
        Assert.Equal("2026-11-26 10:15:30.1234567", row1[11]);
        Assert.Equal("2026-11-26 10:15:30.5+05:30", row1[12]);
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", row1[13]);
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x10 }, row1[14]);

        var row2 = central[1];
        Assert.Equal(0L, row2[2]);
        Assert.Equal(long.MinValue, row2[4]);
        Assert.Equal("comma, \"quote\"\nnewline", row2[7]);
        Assert.Equal("NULL", row2[8]);
        Assert.Equal("0001-01-01", row2[9]);
        Assert.Equal("9999-12-31 23:59:59.9999999", row2[11]);
        Assert.Equal(Array.Empty<byte>(), row2[14]);

        var row3 = central[2];
        Assert.All(row3[2..15], Assert.Null);
        Assert.Equal("null", row3[15]);
        Assert.Equal("null", row3[16]);

        var row4 = central[3];
        Assert.Equal(3.141592653589793, row4[6]);
        Assert.Equal("Éloïse 日本 😀", row4[7]);
        Assert.Equal(" ", row4[8]);
    }

    [Fact]
    public async Task A_full_shop_export_then_import_copies_every_row()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (1, 'Boissons'), (2, 'Épicerie');
            INSERT INTO factures VALUES (1, 'F1', '10.50', NULL, '2026-11-01 10:00:00.000'), (2, 'F2', '3.00', '', '2026-11-02 11:00:00.000');
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var import = await sync.ImportAsync();

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("applied     AG01-00000001.zip: full, 2 tables, 4 rows (4 inserted, 0 updated, 0 unchanged)", import.Output, StringComparison.Ordinal);
        Assert.Equal(
            [["AG01", 1L, "F1", 10.5, null], ["AG01", 2L, "F2", 3L, string.Empty]],
            sync.QueryCentral("SELECT agence, id, numero, total_ttc, remarque FROM factures ORDER BY id"));
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Processed));
        Assert.Empty(SyncFixture.Files(sync.Inbox));
        var ledger = sync.QueryCentral("SELECT site_id, sequence, mode, rows_total FROM syncfiles_ledger");
        Assert.Equal([["AG01", 1L, "full", 4L]], ledger);
    }

    [Fact]
    public async Task A_zstd_bundle_round_trips_like_a_deflate_one()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO familles VALUES (1, 'Boissons'); INSERT INTO factures VALUES (1, 'F1', '10.50', NULL, '2026-11-01 10:00:00.000');");

        var bundle = await sync.ExportOkAsync("--compression", "zstd");
        sync.Deliver(bundle);
        var import = await sync.ImportAsync();

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("\"compression\": \"zstd\"", ReadManifestText(bundle), StringComparison.Ordinal);
        Assert.Equal([["AG01", 1L, "F1"]], sync.QueryCentral("SELECT agence, id, numero FROM factures"));
    }

    private static string ReadManifestText(string bundle) =>
        System.Text.Encoding.UTF8.GetString(SyncFiles.Common.Bundle.ManifestJson.Serialize(TestManifests.Parse(bundle)));
}
