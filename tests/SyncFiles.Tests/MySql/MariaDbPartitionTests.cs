using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.MySql;

/// <summary>
/// Partitioned tables as MariaDB users declare them: a shop's sales partitioned by year
/// (<c>PARTITION BY RANGE (YEAR(...))</c>), a head office's partitioned by site (<c>LIST COLUMNS</c>
/// on the site column, and <c>KEY</c>). The rows arrive exactly as the <c>mariadb</c> client reads
/// them on both sides; a site no partition takes is a refused bundle (quarantined, exit 3) naming
/// the table, with nothing applied.
/// </summary>
public sealed class MariaDbPartitionTests
{
    // A partitioned InnoDB table keeps the partitioning column in every unique key, so the day is
    // part of the sale's key; and it takes no foreign key.
    private const string Shop = """
        CREATE TABLE `Ventes` (
            `Id` BIGINT NOT NULL,
            `Jour` DATE NOT NULL,
            `Article` VARCHAR(40) NOT NULL,
            `Montant` DECIMAL(12,2) NOT NULL,
            `ModifieLe` DATETIME(6) NOT NULL,
            PRIMARY KEY (`Id`, `Jour`),
            KEY `ix_modifie` (`ModifieLe`))
        PARTITION BY RANGE (YEAR(`Jour`)) (
            PARTITION `p2024` VALUES LESS THAN (2025),
            PARTITION `p2025` VALUES LESS THAN (2026),
            PARTITION `pmax` VALUES LESS THAN MAXVALUE);
        CREATE TABLE `Articles` (
            `Code` VARCHAR(40) NOT NULL PRIMARY KEY,
            `Libelle` VARCHAR(80) NOT NULL,
            `Prix` DECIMAL(12,2) NOT NULL)
        PARTITION BY KEY (`Code`) PARTITIONS 3;
        """;

    private const string HeadOffice = """
        CREATE TABLE `Ventes` (
            `Agence` VARCHAR(32) NOT NULL,
            `Id` BIGINT NOT NULL,
            `Jour` DATE NOT NULL,
            `Article` VARCHAR(40) NOT NULL,
            `Montant` DECIMAL(12,2) NOT NULL,
            `ModifieLe` DATETIME(6) NOT NULL,
            PRIMARY KEY (`Agence`, `Id`, `Jour`))
        PARTITION BY LIST COLUMNS (`Agence`) (
            PARTITION `pAG01` VALUES IN ('AG01'),
            PARTITION `pAG02` VALUES IN ('AG02'));
        CREATE TABLE `Articles` (
            `Agence` VARCHAR(32) NOT NULL,
            `Code` VARCHAR(40) NOT NULL,
            `Libelle` VARCHAR(80) NOT NULL,
            `Prix` DECIMAL(12,2) NOT NULL,
            PRIMARY KEY (`Agence`, `Code`))
        PARTITION BY KEY (`Agence`) PARTITIONS 4;
        """;

    private static readonly object[] SiteTables =
    [
        new { name = "Ventes", kind = "transaction", changeColumn = "ModifieLe" },
        new { name = "Articles", kind = "reference" },
    ];

    private static readonly object[] ServerTables =
    [
        new { name = "Ventes", siteColumn = "Agence" },
        new { name = "Articles", siteColumn = "Agence" },
    ];

    private const string ShopVentes = "SELECT Id, Jour, Article, Montant, ModifieLe FROM Ventes ORDER BY Id, Jour";
    private const string ShopArticles = "SELECT Code, Libelle, Prix FROM Articles ORDER BY Code";

    private static string CentralVentes(string site) => $"SELECT Id, Jour, Article, Montant, ModifieLe FROM Ventes WHERE Agence = '{site}' ORDER BY Id, Jour";

    private static string CentralArticles(string site) => $"SELECT Code, Libelle, Prix FROM Articles WHERE Agence = '{site}' ORDER BY Code";

    [Fact]
    public async Task A_shop_partitioned_by_year_arrives_in_a_head_office_partitioned_by_site_as_the_mariadb_client_reads_it_then_its_changes_only()
    {
        using var sync = new SyncFixture(new MySqlTestDatabase(), new MySqlTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Shop);
        sync.Target.Execute(HeadOffice);
        sync.Source.Execute("""
            INSERT INTO Articles VALUES ('CAFE', 'Café moulu 250 g', 3.90), ('THE', 'Thé vert', 5.10), ('SUCRE', 'Sucre', 1.20);
            INSERT INTO Ventes VALUES
              (1, '2024-12-31', 'CAFE', 3.90, '2026-11-01 10:00:00.000001'),
              (1, '2025-01-01', 'THE', 5.10, '2026-11-01 10:00:00.000002'),
              (2, '2025-06-15', 'SUCRE', 2.40, '2026-11-01 10:00:00.5'),
              (3, '2026-11-30', 'CAFE', 7.80, '2026-11-01 11:00:00');
            """);
        // Another site's rows in its own partition, which this site's bundles never touch.
        sync.Target.Execute("""
            INSERT INTO Ventes VALUES ('AG02', 1, '2024-12-31', 'PAIN', 1.10, '2026-10-01 08:00:00');
            INSERT INTO Articles VALUES ('AG02', 'PAIN', 'Pain', 1.10);
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(DatabaseClients.Mariadb(sync.Source, ShopVentes), DatabaseClients.Mariadb(sync.Target, CentralVentes("AG01")));
        Assert.Equal(DatabaseClients.Mariadb(sync.Source, ShopArticles), DatabaseClients.Mariadb(sync.Target, CentralArticles("AG01")));
        Assert.Equal("4\t1", DatabaseClients.Mariadb(sync.Target, "SELECT (SELECT COUNT(*) FROM Ventes PARTITION (pAG01)), (SELECT COUNT(*) FROM Ventes PARTITION (pAG02))").Trim());

        // A change in one year's partition and a sale in the catch-all one: only those travel.
        sync.Source.Execute("""
            UPDATE Ventes SET Montant = 2.50, ModifieLe = '2026-11-02 09:00:00' WHERE Id = 2;
            INSERT INTO Ventes VALUES (4, '2031-01-01', 'THE', 5.10, '2026-11-02 09:30:00');
            """);
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(second.Output.Contains("(1 inserted, 1 updated, 4 unchanged)", StringComparison.Ordinal), second.ToString());
        Assert.Equal(DatabaseClients.Mariadb(sync.Source, ShopVentes), DatabaseClients.Mariadb(sync.Target, CentralVentes("AG01")));
        Assert.Equal("1\t2024-12-31\tPAIN\t1.10\t2026-10-01 08:00:00.000000", DatabaseClients.Mariadb(sync.Target, CentralVentes("AG02")).Trim());
        Assert.Equal("PAIN\tPain\t1.10", DatabaseClients.Mariadb(sync.Target, CentralArticles("AG02")).Trim());
    }

    [Fact]
    public async Task A_site_no_head_office_partition_takes_is_quarantined_naming_the_table_and_nothing_is_applied()
    {
        using var sync = new SyncFixture(new MySqlTestDatabase(), new MySqlTestDatabase(), SiteTables, ServerTables, siteId: "AG03");
        sync.Source.Execute(Shop);
        sync.Target.Execute(HeadOffice);
        sync.Source.Execute("""
            INSERT INTO Articles VALUES ('CAFE', 'Café moulu 250 g', 3.90);
            INSERT INTO Ventes VALUES (1, '2025-01-01', 'CAFE', 3.90, '2026-11-01 10:00:00');
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("quarantined AG03-00000001.zip", result.Output, StringComparison.Ordinal);
        Assert.Contains("central table Ventes: Table has no partition for value", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("0", DatabaseClients.Mariadb(sync.Target, "SELECT COUNT(*) FROM Ventes").Trim());
        Assert.Equal("0", DatabaseClients.Mariadb(sync.Target, "SELECT COUNT(*) FROM Articles").Trim());
        Assert.Equal("0", DatabaseClients.Mariadb(sync.Target, "SELECT COUNT(*) FROM syncfiles_ledger").Trim());
    }
}
