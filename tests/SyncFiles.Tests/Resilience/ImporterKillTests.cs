using System.Globalization;
using SyncFiles.Common.Bundle;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Resilience;

/// <summary>
/// The importer as a real process, SIGKILLed at random points while it applies a chain of bundles
/// and restarted until it finishes: after every kill the central database is exactly the state
/// after the k bundles its ledger lists, never a bundle half-applied or applied twice.
/// </summary>
public sealed class ImporterKillTests
{
    private const int Bundles = 6;
    private const int InitialFactures = 6_000;
    private const int KillsWanted = 12;

    [Fact]
    public async Task An_importer_killed_at_random_points_and_restarted_applies_every_bundle_exactly_once()
    {
        var seed = TestReport.Seed();
        var random = new Random(seed);
        var because = $"seed {seed}";
        using var sync = ShopSchemas.NewShop();
        var bundles = await ExportChainAsync(sync);

        // The expected central state after each k = 0..6 bundles, from the same bundles applied one
        // run at a time, in-process, into a head office of their own. A child run of the whole chain
        // is guessed from it at first, then measured whenever a run does the whole chain unkilled.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var expected = await ExpectedStatesAsync(bundles);
        var applyTime = clock.Elapsed;
        var runTime = applyTime + TimeSpan.FromMilliseconds(300);

        int kills = 0, episodes = 0, restarts = 0, insideTransaction = 0, betweenCommitAndMove = 0, betweenBundles = 0;
        var progress = new List<string>();
        while (kills < KillsWanted)
        {
            Assert.True(episodes < 10, $"{because}: {episodes} episodes gave only {kills} kills");
            episodes++;
            ResetHeadOffice(sync);
            foreach (var bundle in bundles)
            {
                sync.Deliver(bundle);
            }

            var appliedBefore = 0;
            var stalled = 0;
            for (var attempt = 1; ; attempt++)
            {
                Assert.True(attempt < 40, $"{because}: the importer never finished (episode {episodes})");
                var context = $"{because}, episode {episodes}, attempt {attempt}";
                using var import = ProgramProcess.Start("syncfiles-import", "run", "--config", sync.ServerConfigPath);
                // Kills land anywhere from late in the startup to most of the way through; a run
                // killed before it could apply anything lets the next one live longer, so a slow
                // machine still gets to the end.
                var delay = runTime * (0.15 + (random.NextDouble() * 0.6)) * Math.Pow(1.5, stalled);

                // Every third run instead dies the moment SQLite deletes its rollback journal, which
                // is the moment a transaction commits: right between a commit and the move to processed/.
                var atCommit = attempt % 3 == 0;
                if (atCommit)
                {
                    await import.KillOnFileEventAsync(Path.GetDirectoryName(sync.Target.AsSqlite().Path)!, Path.GetFileName(sync.Target.AsSqlite().Path) + "-journal", WatcherChangeTypes.Deleted, TimeSpan.FromSeconds(60));
                }
                else
                {
                    await Task.Delay(delay, TestContext.Current.CancellationToken);
                }

                var killed = await import.KillAsync();
                restarts++;
                if (!killed)
                {
                    var result = import.Result();
                    Assert.True(result.ExitCode == 0, $"{context}: {result}");
                    if (appliedBefore == 0)
                    {
                        runTime = import.Duration;
                    }

                    break;
                }

                kills++;
                var hotJournal = File.Exists(sync.Target.AsSqlite().Path + "-journal") && new FileInfo(sync.Target.AsSqlite().Path + "-journal").Length > 0;
                var applied = AssertExactlyApplied(sync, expected, context);
                var filedLate = SyncFixture.Files(sync.Inbox).Count(name => BundleFileName.TryParse(name, out _, out var sequence) && sequence <= applied);
                if (filedLate > 0)
                {
                    betweenCommitAndMove++;
                }
                else if (hotJournal)
                {
                    insideTransaction++;
                }
                else
                {
                    betweenBundles++;
                }

                stalled = applied == appliedBefore ? stalled + 1 : 0;
                progress.Add(string.Create(CultureInfo.InvariantCulture, $"{(atCommit ? "at commit" : $"{delay.TotalMilliseconds:0} ms")}: {appliedBefore}->{applied}{(hotJournal ? " (rolled back)" : string.Empty)}{(filedLate > 0 ? " (committed, not filed)" : string.Empty)}"));
                appliedBefore = applied;
            }

            Assert.Equal(Bundles, AssertExactlyApplied(sync, expected, $"{because}, episode {episodes}, end"));
            Assert.Empty(SyncFixture.Files(sync.Inbox));
            Assert.Empty(SyncFixture.Files(sync.Quarantine));

            // Each bundle filed once: under its name, or as a duplicate when a kill came between its
            // commit and its move and the next run found it applied already.
            var processed = SyncFixture.Files(sync.Processed);
            Assert.All(processed, name => Assert.Matches(@"^AG01-0000000[1-6](\.duplicate)?\.zip$", name));
            Assert.Equal(
                bundles.Select(bundle => Path.GetFileNameWithoutExtension(bundle)),
                processed.Select(name => name.Split('.')[0]));
            Assert.All(processed, name => Assert.Equal(
                File.ReadAllBytes(bundles.Single(b => Path.GetFileName(b).StartsWith(name.Split('.')[0], StringComparison.Ordinal))),
                File.ReadAllBytes(Path.Combine(sync.Processed, name))));
        }

        TestReport.Line(string.Create(CultureInfo.InvariantCulture, $"""
            importer: {Bundles} bundles, applied in-process in {applyTime.TotalMilliseconds:0} ms, a child run of them all about {runTime.TotalMilliseconds:0} ms; {episodes} episodes, {restarts} runs
            {kills} kills: {insideTransaction} inside a bundle's transaction (rolled back), {betweenCommitAndMove} between commit and the move to processed/, {betweenBundles} elsewhere (startup, scan, between bundles)
            kills (delay: applied before -> after): {string.Join("; ", progress)}
            """));
    }

    /// <summary>Six bundles: a full one, then five with new, corrected and untouched invoices and renamed families.</summary>
    private static async Task<List<string>> ExportChainAsync(SyncFixture sync)
    {
        sync.ExecuteSource(ShopData.Familles(1, 300) + ShopData.Factures(1, InitialFactures, round: 0));
        var bundles = new List<string> { await sync.ExportOkAsync() };
        var nextId = InitialFactures + 1;
        for (var round = 1; round < Bundles; round++)
        {
            sync.ExecuteSource(
                ShopData.Factures(nextId, nextId + 299, round) +
                ShopData.TouchFactures(round, modulo: 2, residue: round % 2) +
                ShopData.TouchFamilles(round, modulo: 10, residue: round % 10));
            nextId += 300;
            bundles.Add(await sync.ExportOkAsync());
        }

        return bundles;
    }

    private static async Task<List<Dictionary<string, TableContents>>> ExpectedStatesAsync(List<string> bundles)
    {
        using var reference = new HeadOffice(new SqliteTestDatabase(), ["AG01"]);
        var states = new List<Dictionary<string, TableContents>> { reference.Contents() };
        foreach (var bundle in bundles)
        {
            reference.Deliver(bundle);
            var result = await reference.ImportAsync();
            Assert.True(result.ExitCode == 0, result.ToString());
            states.Add(reference.Contents());
        }

        return states;
    }

    /// <summary>
    /// Checks the ledger lists exactly sequences 1..k, once each, and the central rows are exactly
    /// those after k bundles; returns k.
    /// </summary>
    private static int AssertExactlyApplied(SyncFixture sync, List<Dictionary<string, TableContents>> expected, string context)
    {
        // Read the rows first: opening read-write rolls back what a killed transaction left.
        var contents = ShopData.Tables.ToDictionary(table => table, table => TableContents.Read(sync.Target, ShopData.CentralQuery(table)));
        var ledger = TableContents.Read(sync.Target, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'syncfiles_ledger'").Rows[0] == "0"
            ? []
            : sync.QueryCentral("SELECT site_id, sequence FROM syncfiles_ledger ORDER BY sequence")
                .Select(row => $"{row[0]}:{row[1]}").ToList();
        var applied = ledger.Count;
        Assert.True(
            ledger.SequenceEqual(Enumerable.Range(1, applied).Select(i => $"AG01:{i}")),
            $"{context}: the ledger should list AG01 1..{applied} once each: {string.Join(", ", ledger)}");
        foreach (var table in ShopData.Tables)
        {
            if (contents[table].Digest != expected[applied][table].Digest)
            {
                var matches = Enumerable.Range(0, expected.Count).Where(k => expected[k][table].Digest == contents[table].Digest).ToList();
                contents[table].AssertSameAs(
                    expected[applied][table],
                    $"{context}: the ledger lists {applied} bundles but {table} {(matches.Count == 0 ? "matches no state after whole bundles (half-applied)" : $"is the state after {string.Join(" or ", matches)}")}");
            }
        }

        return applied;
    }

    private static void ResetHeadOffice(SyncFixture sync)
    {
        sync.Target.Execute("DELETE FROM familles; DELETE FROM factures; DROP TABLE IF EXISTS syncfiles_ledger; DROP TABLE IF EXISTS syncfiles_table_state;");
        foreach (var folder in new[] { sync.Inbox, sync.Processed, sync.Quarantine })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
