using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Scenarios;

/// <summary>
/// The ledger and the reference tables' state as every head-office database keeps them, through
/// the shared <see cref="TargetTransaction"/> and <see cref="LedgerSummaryReader"/> with each
/// provider's <see cref="LedgerDialect"/>: written once here, run for each database by a subclass
/// (a fourth provider adds one).
/// </summary>
public abstract class LedgerScenarios
{
    private static readonly DateTimeOffset Applied = new(2026, 12, 5, 23, 30, 15, 123, TimeSpan.FromHours(1));

    protected abstract TestDatabase NewDatabase();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_recorded_bundle_is_found_as_written_and_is_its_sites_last_sequence()
    {
        using var database = NewDatabase();
        await using var target = await OpenAsync(database);
        var entry = new LedgerEntry("AG01", 7, Guid.NewGuid(), new string('a', 64), BundleMode.Incremental, Applied, 1234, "{\"orders\":1234}");
        await using (var transaction = await target.BeginBundleAsync("AG01", Cancel))
        {
            await transaction.RecordAsync(entry, Cancel);
            await transaction.CommitAsync(Cancel);
        }

        await using var reading = await target.BeginBundleAsync("AG01", Cancel);
        var found = await reading.FindAppliedAsync("AG01", 7, Cancel);

        Assert.NotNull(found);
        Assert.Equal(entry with { AppliedUtc = default, RowCounts = string.Empty }, found with { AppliedUtc = default, RowCounts = string.Empty });
        Assert.Equal(Applied.UtcDateTime, found.AppliedUtc.UtcDateTime);
        Assert.Equal("{\"orders\": 1234}".Replace(" ", string.Empty, StringComparison.Ordinal), found.RowCounts.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Null(await reading.FindAppliedAsync("AG01", 8, Cancel));
        Assert.Null(await reading.FindAppliedAsync("AG02", 7, Cancel));
        Assert.Equal(7, await reading.ReadLastSequenceAsync("AG01", Cancel));
        Assert.Equal(0, await reading.ReadLastSequenceAsync("AG02", Cancel));
    }

    [Fact]
    public async Task A_bundle_transaction_disposed_without_commit_leaves_no_ledger_row_nor_table_state()
    {
        using var database = NewDatabase();
        await using var target = await OpenAsync(database);
        await using (var transaction = await target.BeginBundleAsync("AG01", Cancel))
        {
            await transaction.RecordAsync(new LedgerEntry("AG01", 1, Guid.NewGuid(), new string('b', 64), BundleMode.Full, Applied, 5, "{}"), Cancel);
            await transaction.RecordTableStateAsync(new TableState("AG01", "Articles", new string('c', 64), 1, Applied), Cancel);
        }

        await using var reading = await target.BeginBundleAsync("AG01", Cancel);
        Assert.Null(await reading.FindAppliedAsync("AG01", 1, Cancel));
        Assert.Empty(await reading.ReadTableStatesAsync("AG01", Cancel));
    }

    [Fact]
    public async Task Table_state_is_kept_per_site_and_table_key_replaced_when_recorded_again_and_forgotten()
    {
        using var database = NewDatabase();
        await using var target = await OpenAsync(database);
        await using (var transaction = await target.BeginBundleAsync("AG01", Cancel))
        {
            await transaction.RecordTableStateAsync(new TableState("AG01", "Articles", new string('1', 64), 3, Applied), Cancel);
            await transaction.RecordTableStateAsync(new TableState("AG01", "ARTICLES", new string('2', 64), 4, Applied.AddDays(1)), Cancel);
            await transaction.RecordTableStateAsync(new TableState("AG01", "prices", new string('3', 64), 4, Applied), Cancel);
            await transaction.RecordTableStateAsync(new TableState("AG02", "articles", new string('4', 64), 9, Applied), Cancel);
            await transaction.ForgetTableStateAsync("AG01", "Prices", Cancel);
            await transaction.CommitAsync(Cancel);
        }

        await using var reading = await target.BeginBundleAsync("AG01", Cancel);
        var states = await reading.ReadTableStatesAsync("AG01", Cancel);

        var articles = Assert.Single(states);
        Assert.Equal("articles", articles.Key);
        Assert.Equal(("AG01", "articles", new string('2', 64), 4L), (articles.Value.SiteId, articles.Value.Table, articles.Value.Sha256, articles.Value.Sequence));
        Assert.Equal(Applied.AddDays(1).UtcDateTime, articles.Value.AppliedUtc.UtcDateTime);
    }

    [Fact]
    public async Task Status_reads_each_sites_last_bundle_and_its_rows_per_utc_day_from_the_committed_ledger()
    {
        using var database = NewDatabase();
        var provider = TargetProviders.Get(database.Provider);
        var since = DateOnly.FromDateTime(Applied.UtcDateTime).AddDays(-1);
        Assert.Null(await provider.ReadLedgerSummaryAsync(database.ConnectionString, Path.GetTempPath(), since, Cancel));

        await using (var target = await OpenAsync(database))
        {
            foreach (var (site, sequence, rows, applied) in new[] { ("AG01", 1L, 10L, Applied), ("AG01", 2L, 5L, Applied.AddDays(1)), ("AG02", 1L, 7L, Applied) })
            {
                await using var transaction = await target.BeginBundleAsync(site, Cancel);
                await transaction.RecordAsync(new LedgerEntry(site, sequence, Guid.NewGuid(), new string('d', 64), BundleMode.Incremental, applied, rows, "{}"), Cancel);
                await transaction.CommitAsync(Cancel);
            }
        }

        var summary = await provider.ReadLedgerSummaryAsync(database.ConnectionString, Path.GetTempPath(), since, Cancel);

        Assert.NotNull(summary);
        Assert.Equal(
            [("AG01", 2L, 5L, 2L), ("AG02", 1L, 7L, 1L)],
            summary.Sites.Select(s => (s.SiteId, s.LastSequence, s.RowsTotal, s.BundlesApplied)));
        Assert.Equal(Applied.AddDays(1).UtcDateTime, summary.Sites[0].AppliedUtc.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, summary.Sites[0].AppliedUtc.Offset);
        // 23:30 at +01:00 is 22:30 UTC on the same day: the day is UTC's.
        var day = DateOnly.FromDateTime(Applied.UtcDateTime);
        Assert.Equal(
            [("AG01", day, 10L, 1L), ("AG01", day.AddDays(1), 5L, 1L), ("AG02", day, 7L, 1L)],
            summary.RowsPerDay.Select(d => (d.SiteId, d.Day, d.Rows, d.Bundles)));
    }

    private static async Task<ITargetConnection> OpenAsync(TestDatabase database)
    {
        var target = await TargetProviders.Get(database.Provider).OpenAsync(database.ConnectionString, Path.GetTempPath(), Serilog.Core.Logger.None, Cancel);
        await target.EnsureLedgerAsync(Cancel);
        return target;
    }
}

public sealed class SqliteLedgerScenarios : LedgerScenarios
{
    protected override TestDatabase NewDatabase() => new SqliteTestDatabase();
}

public sealed class PostgresLedgerScenarios : LedgerScenarios
{
    protected override TestDatabase NewDatabase() => new PostgresTestDatabase();
}

public sealed class SqlServerLedgerScenarios : LedgerScenarios
{
    protected override TestDatabase NewDatabase() => new SqlServerTestDatabase();
}

/// <summary>MariaDB's ledger, through the shared base with MySqlLedgerDialect.</summary>
public sealed class MySqlLedgerScenarios : LedgerScenarios
{
    protected override TestDatabase NewDatabase() => new MySqlTestDatabase();
}
