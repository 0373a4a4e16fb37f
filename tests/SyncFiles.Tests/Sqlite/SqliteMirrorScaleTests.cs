using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Sqlite;

/// <summary>
/// "deletes": "mirror" on SQLite at the scale of a real article table (issue 12, item 6): the
/// mirror delete looks each central row up in the staged snapshot through an index, so 100,000
/// rows take seconds, not minutes. The time itself is measured by tests/benchmark/mirror-deletes.sh,
/// not here; this test holds the result: exactly the rows the site deleted, and only that site's.
/// </summary>
public sealed class SqliteMirrorScaleTests
{
    private const int Rows = 100_000;

    [Fact]
    public async Task A_mirrored_table_of_100000_rows_loses_exactly_the_rows_the_site_deleted_and_no_other_sites()
    {
        using var sync = SyncFixture.OnSqlite(
            "CREATE TABLE articles (id INTEGER PRIMARY KEY, code TEXT NOT NULL, libelle TEXT NOT NULL)",
            "CREATE TABLE articles (agence TEXT NOT NULL COLLATE NOCASE, id INTEGER NOT NULL, code TEXT NOT NULL, libelle TEXT NOT NULL, PRIMARY KEY (agence, id))",
            [new { name = "articles", kind = "reference", deletes = "mirror" }],
            [new { name = "articles", siteColumn = "agence" }]);
        sync.Source.Execute($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO articles SELECT i, printf('A%08d', i), 'article ' || i FROM n;
            """);
        sync.Target.Execute($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO articles SELECT 'AG02', i, printf('A%08d', i), 'other site ' || i FROM n;
            """);
        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();
        Assert.True(first.ExitCode == 0, first.ToString());

        sync.Source.Execute("DELETE FROM articles WHERE id % 97 = 0; UPDATE articles SET libelle = 'changed' WHERE id % 97 = 1");
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"{Rows / 97} deleted", second.Output, StringComparison.Ordinal);
        Assert.Equal([[(Rows - (Rows / 97)).ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "1031"]], sync.Target.QueryCanonical(
            "SELECT COUNT(*), SUM(id % 97 = 0), SUM(libelle = 'changed') FROM articles WHERE agence = 'AG01'"));
        Assert.Equal([[Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "0"]], sync.Target.QueryCanonical(
            "SELECT COUNT(*), SUM(libelle NOT LIKE 'other site %') FROM articles WHERE agence = 'AG02'"));
    }
}
