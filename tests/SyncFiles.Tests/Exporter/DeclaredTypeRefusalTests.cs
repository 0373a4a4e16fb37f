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
    public async Task Trailing_zeros_beyond_the_declared_scale_are_exported_at_the_scale()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource("INSERT INTO factures VALUES (1, 'F1', '2.500', NULL, '2026-11-01 10:00:00.000');");

        await sync.ExportOkAsync();

        Assert.Single(SyncFixture.Files(sync.Outbox));
    }
}
