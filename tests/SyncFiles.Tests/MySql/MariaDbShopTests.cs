using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.MySql;

/// <summary>
/// A shop as MariaDB users write it (mixed-case names, a foreign key, a trigger, a generated column,
/// ENUM, JSON, YEAR, unsigned BIGINT, DECIMAL, utf8mb4 and latin1 text, DATETIME(6) and TIMESTAMP(6))
/// synchronised into a MariaDB head office, compared with the <c>mariadb</c> client on both sides;
/// and what the exporter refuses, with its reasons.
/// </summary>
public sealed class MariaDbShopTests
{
    private const string Shop = """
        CREATE TABLE `Factures` (
            `Id` BIGINT NOT NULL PRIMARY KEY,
            `ClientId` INT UNSIGNED NOT NULL,
            `Total` DECIMAL(14,2) NOT NULL,
            `TotalTva` DECIMAL(14,2) AS (ROUND(`Total` * 0.2, 2)) STORED,
            `Emise` DATE NOT NULL,
            `Annee` YEAR NOT NULL,
            `Compteur` BIGINT UNSIGNED NOT NULL,
            `ModifieLe` DATETIME(6) NOT NULL,
            `Horodatage` TIMESTAMP(6) NULL,
            KEY `ix_modifie` (`ModifieLe`));
        CREATE TABLE `Clients` (
            `Id` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
            `Nom` VARCHAR(80) NOT NULL,
            `Ville` VARCHAR(40) CHARACTER SET latin1 NULL,
            `Statut` ENUM('actif','suspendu') NOT NULL DEFAULT 'actif',
            `Actif` TINYINT(1) NOT NULL DEFAULT 1,
            `Prefs` JSON NULL);
        ALTER TABLE `Factures` ADD CONSTRAINT `fk_client` FOREIGN KEY (`ClientId`) REFERENCES `Clients` (`Id`);
        CREATE TRIGGER `trg_factures_modifie` BEFORE UPDATE ON `Factures` FOR EACH ROW SET NEW.`ModifieLe` = NOW(6);
        """;

    private const string HeadOffice = """
        CREATE TABLE `Clients` (
            `Agence` VARCHAR(32) NOT NULL,
            `Id` INT UNSIGNED NOT NULL,
            `Nom` VARCHAR(80) NOT NULL,
            `Ville` VARCHAR(40) CHARACTER SET latin1 NULL,
            `Statut` ENUM('actif','suspendu') NOT NULL,
            `Actif` TINYINT(1) NOT NULL,
            `Prefs` JSON NULL,
            PRIMARY KEY (`Agence`, `Id`));
        CREATE TABLE `Factures` (
            `Agence` VARCHAR(32) NOT NULL,
            `Id` BIGINT NOT NULL,
            `ClientId` INT UNSIGNED NOT NULL,
            `Total` DECIMAL(14,2) NOT NULL,
            `TotalTva` DECIMAL(14,2) NULL,
            `Emise` DATE NOT NULL,
            `Annee` SMALLINT NOT NULL,
            `Compteur` DECIMAL(20,0) NOT NULL,
            `ModifieLe` DATETIME(6) NOT NULL,
            `Horodatage` TIMESTAMP(6) NULL,
            PRIMARY KEY (`Agence`, `Id`),
            CONSTRAINT `fk_factures_client` FOREIGN KEY (`Agence`, `ClientId`) REFERENCES `Clients` (`Agence`, `Id`));
        """;

    // Factures first: the importer must still merge Clients, its parent at head office, before it.
    private static readonly object[] SiteTables =
    [
        new { name = "Factures", kind = "transaction", changeColumn = "ModifieLe" },
        new { name = "Clients", kind = "reference" },
    ];

    private static readonly object[] ServerTables =
    [
        new { name = "Factures", siteColumn = "Agence" },
        new { name = "Clients", siteColumn = "Agence" },
    ];

    private const string ShopClients = "SELECT Id, Nom, Ville, Statut, Actif, Prefs FROM Clients ORDER BY Id";
    private const string ShopFactures = "SELECT Id, ClientId, Total, TotalTva, Emise, Annee, Compteur, ModifieLe, Horodatage FROM Factures ORDER BY Id";
    private const string CentralClients = "SELECT Id, Nom, Ville, Statut, Actif, Prefs FROM Clients WHERE Agence = 'AG01' ORDER BY Id";
    private const string CentralFactures = "SELECT Id, ClientId, Total, TotalTva, Emise, Annee, Compteur, ModifieLe, Horodatage FROM Factures WHERE Agence = 'AG01' ORDER BY Id";

    [Fact]
    public async Task A_mariadb_shop_arrives_at_a_mariadb_head_office_as_the_mariadb_client_reads_it_then_its_changes_only()
    {
        using var sync = new SyncFixture(new MySqlTestDatabase(), new MySqlTestDatabase(), SiteTables, ServerTables);
        sync.Source.Execute(Shop);
        sync.Target.Execute(HeadOffice);
        sync.Source.Execute("""
            INSERT INTO Clients (Id, Nom, Ville, Statut, Actif, Prefs) VALUES
              (1, 'Éloïse 日本 😀', 'Montréal', 'actif', 1, '{"langue": "fr", "tags": [1, 2]}'),
              (2, 'O''Brien, "Zoë"', NULL, 'suspendu', 0, NULL);
            INSERT INTO Factures (Id, ClientId, Total, Emise, Annee, Compteur, ModifieLe, Horodatage) VALUES
              (1, 1, 10.50, '2026-02-28', 2026, 18446744073709551615, '2026-11-01 10:00:00.123456', '2026-11-01 09:00:00.5'),
              (2, 2, 0.01, '1999-12-31', 1999, 0, '2026-11-01 11:00:00', NULL);
            """);

        sync.Deliver(await sync.ExportOkAsync());
        var first = await sync.ImportAsync();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(DatabaseClients.Mariadb(sync.Source, ShopClients), DatabaseClients.Mariadb(sync.Target, CentralClients));
        Assert.Equal(DatabaseClients.Mariadb(sync.Source, ShopFactures), DatabaseClients.Mariadb(sync.Target, CentralFactures));
        Assert.Contains("18446744073709551615", DatabaseClients.Mariadb(sync.Target, CentralFactures), StringComparison.Ordinal);

        // The trigger stamps the change with the server's clock; only that invoice travels.
        sync.Source.Execute("UPDATE Factures SET Total = 99.99 WHERE Id = 1");
        sync.Deliver(await sync.ExportOkAsync());
        var second = await sync.ImportAsync();

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(second.Output.Contains(" 1 updated", StringComparison.Ordinal) && second.Output.Contains("0 inserted", StringComparison.Ordinal), second.ToString());
        Assert.Equal(DatabaseClients.Mariadb(sync.Source, ShopFactures), DatabaseClients.Mariadb(sync.Target, CentralFactures));
        Assert.Equal("99.99\t20.00", DatabaseClients.Mariadb(sync.Target, "SELECT Total, TotalTva FROM Factures WHERE Id = 1").Trim());
    }

    [Fact]
    public async Task A_zero_date_is_refused_naming_the_row_and_the_column_and_nothing_is_published()
    {
        using var sync = new SyncFixture(new MySqlTestDatabase(), new MySqlTestDatabase(), [new { name = "Livraisons", kind = "reference" }], [new { name = "Livraisons", siteColumn = "Agence" }]);
        sync.Source.Execute("""
            CREATE TABLE Livraisons (Id INT PRIMARY KEY, Prevue DATETIME NOT NULL);
            SET SESSION sql_mode = '';
            INSERT INTO Livraisons VALUES (1, '2026-11-01 08:00:00'), (7, '0000-00-00 00:00:00');
            """);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Id=7", result.Error, StringComparison.Ordinal);
        Assert.Contains("column Prevue", result.Error, StringComparison.Ordinal);
        Assert.Contains("zero date", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty(SyncFixture.Files(sync.Outbox));
    }

    [Fact]
    public async Task Columns_no_bundle_carries_exactly_are_refused_together_before_anything_is_read()
    {
        using var sync = new SyncFixture(new MySqlTestDatabase(), new MySqlTestDatabase(), [new { name = "Mesures", kind = "reference" }], [new { name = "Mesures", siteColumn = "Agence" }]);
        sync.Source.Execute("CREATE TABLE Mesures (Id INT PRIMARY KEY, Precise DECIMAL(65,30) NOT NULL, Lieu POINT NULL, Adresse INET6 NULL)");

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Table Mesures, column Precise: decimal(65,30) holds up to 65 digits", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table Mesures, column Lieu: the MariaDB/MySQL type point has no portable equivalent", result.Error, StringComparison.Ordinal);
        Assert.Contains("Table Mesures, column Adresse: the MariaDB/MySQL type inet6 has no portable equivalent", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
