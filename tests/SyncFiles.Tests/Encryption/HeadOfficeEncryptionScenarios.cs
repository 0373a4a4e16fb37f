using System.Text;
using System.Text.Json.Nodes;
using SyncFiles.Tests.Scenarios;
using SyncFiles.Tests.Support;
using static SyncFiles.Tests.Encryption.HeadOfficeEncryptionKit;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// Round trips with encryption on at head office (<c>"decryptionKeys"</c> with two keys, as while
/// rotating, and <c>"requireEncryption"</c>) for every provider pair of the scenario suites: the
/// site's real bundles, encrypted for head office with the real <see cref="SyncFiles.Common.Encryption.EncryptingStream"/>
/// (bundle 1 for the old key, bundle 2 for the new), arrive as they would in clear; and with
/// <c>"encryptTo"</c> in site.json, the exporter's own encrypted bundles do too, while no bundle
/// file the site keeps (outbox, archive) shows a row or even the zip structure.
/// </summary>
public abstract class HeadOfficeEncryptionScenarios : IDisposable
{
    private const string Secret = "Mme Dupont, 12 rue des Lilas";
    private readonly TempDirectory _keys = new();
    private SyncFixture? _sync;

    protected abstract TestDatabase NewSourceDatabase();

    protected abstract TestDatabase NewTargetDatabase();

    public void Dispose()
    {
        _sync?.Dispose();
        _keys.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Full_then_incremental_encrypted_bundles_arrive_equal_with_two_keys_configured()
    {
        var sync = _sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables);
        sync.Source.Execute(ScenarioSchema.Source);
        sync.Target.Execute(ScenarioSchema.Central);
        var old = NewPair(_keys.Path, "old-encryption");
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(sync, key.PrivateKeyPath, old.PrivateKeyPath);
        RequireEncryption(sync, siteId: null);

        sync.Source.Execute($"""
            INSERT INTO familles VALUES (1, 'Boissons');
            INSERT INTO factures VALUES (1, 'F1', 10.00, '{Secret}', '2026-11-01 10:00:00');
            """);
        var first = Encrypt(await sync.ExportOkAsync(), old.PublicKeyPath, Path.Combine(sync.Inbox, "AG01-00000001.zip.enc"), "AG01", 1);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(File.ReadAllBytes(first)), StringComparison.Ordinal);
        var applied = await sync.ImportAsync();
        Assert.True(applied.ExitCode == 0, applied.ToString());

        sync.Source.Execute("UPDATE factures SET total_ttc = 12.50, modifie_le = '2026-11-02 09:00:00' WHERE id = 1; INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 09:30:00')");
        Encrypt(await sync.ExportOkAsync(), key.PublicKeyPath, Path.Combine(sync.Inbox, "AG01-00000002.zip.enc"), "AG01", 2);
        var incremental = await sync.ImportAsync();

        Assert.True(incremental.ExitCode == 0, incremental.ToString());
        Assert.Contains("(1 inserted, 1 updated", incremental.Output, StringComparison.Ordinal);
        Assert.Equal(
            [["AG01", "1", "F1", "12.5", Secret], ["AG01", "2", "F2", "20", null]],
            sync.Target.QueryCanonical("SELECT agence, id, numero, total_ttc, remarque FROM factures ORDER BY id"));
        Assert.Equal([["AG01", "1", "Boissons"]], sync.Target.QueryCanonical("SELECT agence, id, libelle FROM familles"));
        Assert.Equal(["AG01-00000001.zip.enc", "AG01-00000002.zip.enc"], SyncFixture.Files(sync.Processed));
    }

    [Fact]
    public async Task With_encryptTo_at_the_site_bundles_arrive_equal_and_nothing_the_site_wrote_reveals_a_row()
    {
        var sync = _sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables);
        sync.Source.Execute(ScenarioSchema.Source);
        sync.Target.Execute(ScenarioSchema.Central);
        var key = NewPair(_keys.Path, "headoffice-encryption");
        UseKeys(sync, key.PrivateKeyPath);
        RequireEncryption(sync, siteId: null);
        var site = JsonNode.Parse(File.ReadAllText(sync.SiteConfigPath))!.AsObject();
        site["encryptTo"] = key.PublicKeyPath;
        File.WriteAllText(sync.SiteConfigPath, site.ToJsonString());

        sync.Source.Execute($"INSERT INTO factures VALUES (1, 'F1', 10.00, '{Secret}', '2026-11-01 10:00:00')");
        var first = await sync.ExportOkAsync();
        Assert.EndsWith("AG01-00000001.zip.enc", first, StringComparison.Ordinal);
        sync.Deliver(first);
        var applied = await sync.ImportAsync();
        Assert.True(applied.ExitCode == 0, applied.ToString());
        sync.Source.Execute("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 09:30:00')");
        sync.Deliver(await sync.ExportOkAsync());
        var incremental = await sync.ImportAsync();

        Assert.True(incremental.ExitCode == 0, incremental.ToString());
        Assert.Equal(
            [["AG01", "1", "F1", "10", Secret], ["AG01", "2", "F2", "20", null]],
            sync.Target.QueryCanonical("SELECT agence, id, numero, total_ttc, remarque FROM factures ORDER BY id"));
        var siteFiles = Directory.GetFiles(Path.GetDirectoryName(sync.SiteConfigPath)!, "*.zip*", SearchOption.AllDirectories);
        Assert.NotEmpty(siteFiles);
        Assert.All(siteFiles, file =>
        {
            Assert.EndsWith(".zip.enc", file, StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain("manifest.json", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        });
    }
}

public sealed class SqliteEncryptedRoundTripTests : HeadOfficeEncryptionScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqliteTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();
}

public sealed class SqliteToPostgresEncryptedRoundTripTests : HeadOfficeEncryptionScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqliteTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();
}

public sealed class PostgresEncryptedRoundTripTests : HeadOfficeEncryptionScenarios
{
    protected override TestDatabase NewSourceDatabase() => new PostgresTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();
}

public sealed class PostgresToSqliteEncryptedRoundTripTests : HeadOfficeEncryptionScenarios
{
    protected override TestDatabase NewSourceDatabase() => new PostgresTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();
}
