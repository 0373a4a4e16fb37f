using SyncFiles.Tests.Exporter;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// The recovery commands against each provider's databases: a held chain healed by resend, resent
/// bundles filed as duplicates by the provider's ledger, and a reset whose full bundle (read from
/// the provider's source, every strategy's watermark cleared) is applied over a gap.
/// </summary>
public abstract class RecoveryScenarios
{
    protected abstract TestDatabase NewSourceDatabase();

    protected abstract TestDatabase NewTargetDatabase();

    [Fact]
    public async Task Resend_heals_a_held_chain_and_a_reset_full_bundle_is_applied_over_a_gap()
    {
        using var sync = new SyncFixture(NewSourceDatabase(), NewTargetDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables);
        sync.Source.Execute(ScenarioSchema.Source);
        sync.Target.Execute(ScenarioSchema.Central);
        sync.Source.Execute("""
            INSERT INTO familles VALUES (1, 'Boissons'), (2, 'Épicerie');
            INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00');
            INSERT INTO mouvements VALUES (1, 7, 1.500);
            """);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        sync.Source.Execute("INSERT INTO factures VALUES (2, 'F2', 20.00, NULL, '2026-11-02 10:00:00'); INSERT INTO mouvements VALUES (2, 7, 2.000);");
        await sync.ExportOkAsync(); // 2: lost on the way
        sync.Source.Execute("INSERT INTO factures VALUES (3, 'F3', 30.00, NULL, '2026-11-03 10:00:00'); INSERT INTO mouvements VALUES (3, 8, 3.000);");
        sync.Deliver(await sync.ExportOkAsync());
        ResendTests.EmptyOutbox(sync);
        var held = await sync.ImportAsync();
        Assert.Equal(4, held.ExitCode);
        Assert.Contains("syncfiles-export resend --config site.json --from 2", held.Output, StringComparison.Ordinal);

        var resend = await sync.ResendAsync("--from", "1", "--to", "2");
        Assert.True(resend.ExitCode == 0, resend.ToString());
        sync.Deliver(Path.Combine(sync.Outbox, "AG01-00000001.zip"));
        sync.Deliver(Path.Combine(sync.Outbox, "AG01-00000002.zip"));
        var healed = await sync.ImportAsync();

        Assert.True(healed.ExitCode == 0, healed.ToString());
        Assert.Contains("duplicate   AG01-00000001.zip: already applied", healed.Output, StringComparison.Ordinal);
        Assert.Contains("applied     AG01-00000002.zip", healed.Output, StringComparison.Ordinal);
        Assert.Contains("applied     AG01-00000003.zip", healed.Output, StringComparison.Ordinal);
        Assert.Equal(3L, sync.Target.Count("factures"));

        // The site starts over; bundle 4 is lost as well, and the reset's bundle 5 heals everything.
        sync.Source.Execute("UPDATE factures SET total_ttc = 11.00, modifie_le = '2026-11-04 10:00:00' WHERE id = 1; INSERT INTO mouvements VALUES (4, 9, 4.000);");
        await sync.ExportOkAsync();
        Assert.Equal(0, (await sync.ResetAsync(input: null, "--yes")).ExitCode);
        sync.Source.Execute("INSERT INTO factures VALUES (4, 'F4', 40.00, NULL, '2026-11-05 10:00:00');");
        var full = await sync.ExportOkAsync();
        Assert.EndsWith("AG01-00000005.zip", full, StringComparison.Ordinal);
        Assert.Equal(4, TestManifests.Table(TestManifests.Read(full), "mouvements").GetProperty("rows").GetInt64());
        sync.Deliver(full);
        var afterReset = await sync.ImportAsync();

        Assert.True(afterReset.ExitCode == 0, afterReset.ToString());
        Assert.Contains("applied     AG01-00000005.zip: full", afterReset.Output, StringComparison.Ordinal);
        Assert.Equal(
            [["1", "11"], ["2", "20"], ["3", "30"], ["4", "40"]],
            sync.Target.QueryCanonical("SELECT id, total_ttc FROM factures ORDER BY id"));
        Assert.Equal(4L, sync.Target.Count("mouvements"));
    }
}

public sealed class SqliteRecoveryScenarios : RecoveryScenarios
{
    protected override TestDatabase NewSourceDatabase() => new SqliteTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new SqliteTestDatabase();
}

public sealed class PostgresRecoveryScenarios : RecoveryScenarios
{
    protected override TestDatabase NewSourceDatabase() => new PostgresTestDatabase();

    protected override TestDatabase NewTargetDatabase() => new PostgresTestDatabase();
}
