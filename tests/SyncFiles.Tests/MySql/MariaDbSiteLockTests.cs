using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.MySql;

/// <summary>
/// MariaDB's named lock per site (<c>GET_LOCK</c>) belongs to the session, not the transaction:
/// another session sees it held while a bundle is open and free again once the bundle has
/// committed or been given up, on a connection that stays open for the next bundle.
/// </summary>
public sealed class MariaDbSiteLockTests
{
    // A named lock is the server's, not the database's: a site of its own, so that no other test
    // applying AG01 on the same server holds it meanwhile.
    private readonly string _site = "LOCK" + Guid.NewGuid().ToString("N")[..12];

    private string IsFree => $"SELECT IS_FREE_LOCK(CONCAT('syncfiles:site:{_site}@', DATABASE()))";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sites_lock_is_held_while_a_bundle_is_open_and_free_once_it_committed()
    {
        using var database = new MySqlTestDatabase();
        await using var target = await OpenAsync(database);
        await using (var transaction = await target.BeginBundleAsync(_site, Cancel))
        {
            Assert.Equal("0", DatabaseClients.Mariadb(database, IsFree).Trim());
            await transaction.RecordAsync(new LedgerEntry(_site, 1, Guid.NewGuid(), new string('a', 64), BundleMode.Full, DateTimeOffset.UtcNow, 1, "{}"), Cancel);
            await transaction.CommitAsync(Cancel);
            Assert.Equal("1", DatabaseClients.Mariadb(database, IsFree).Trim());
        }

        Assert.Equal("1", DatabaseClients.Mariadb(database, IsFree).Trim());
        Assert.Equal("1", DatabaseClients.Mariadb(database, "SELECT COUNT(*) FROM syncfiles_ledger").Trim());
    }

    [Fact]
    public async Task The_sites_lock_is_free_once_a_bundle_is_given_up_without_commit()
    {
        using var database = new MySqlTestDatabase();
        await using var target = await OpenAsync(database);
        await using (var transaction = await target.BeginBundleAsync(_site, Cancel))
        {
            await transaction.RecordAsync(new LedgerEntry(_site, 1, Guid.NewGuid(), new string('a', 64), BundleMode.Full, DateTimeOffset.UtcNow, 1, "{}"), Cancel);
            Assert.Equal("0", DatabaseClients.Mariadb(database, IsFree).Trim());
        }

        Assert.Equal("1", DatabaseClients.Mariadb(database, IsFree).Trim());
        Assert.Equal("0", DatabaseClients.Mariadb(database, "SELECT COUNT(*) FROM syncfiles_ledger").Trim());
    }

    private static async Task<ITargetConnection> OpenAsync(TestDatabase database)
    {
        var target = await TargetProviders.Get(database.Provider).OpenAsync(database.ConnectionString, Path.GetTempPath(), Serilog.Core.Logger.None, Cancel);
        await target.EnsureLedgerAsync(Cancel);
        return target;
    }
}
