using Microsoft.Data.Sqlite;
using Npgsql;
using SyncFiles.Postgres;
using SyncFiles.Sqlite;
using SyncFiles.SqlServer;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Each provider tells transient failures (retry, never a strike) from a target that cannot take
/// the bundle (quarantine), from the driver's codes, on errors the real databases raise.
/// </summary>
public sealed class FailureClassificationTests
{
    [Fact]
    public async Task Postgres_lock_timeout_and_refused_connection_are_transient_and_undefined_table_or_division_by_zero_are_refusals()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE held (id integer)");
        var provider = new PostgresTargetProvider();
        var cancel = TestContext.Current.CancellationToken;

        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync(cancel);
        await using var transaction = await holder.BeginTransactionAsync(cancel);
        await Execute(holder, "LOCK TABLE held IN ACCESS EXCLUSIVE MODE", transaction);
        await using var waiter = new NpgsqlConnection(database.ConnectionString);
        await waiter.OpenAsync(cancel);
        await Execute(waiter, "SET lock_timeout = 200");

        var lockTimeout = await Assert.ThrowsAsync<PostgresException>(() => Execute(waiter, "INSERT INTO held VALUES (1)"));
        var undefinedTable = await Assert.ThrowsAsync<PostgresException>(() => Execute(waiter, "INSERT INTO no_such_table VALUES (1)"));
        var divisionByZero = await Assert.ThrowsAsync<PostgresException>(() => Execute(waiter, "SELECT 1 / 0"));
        var custom = await Assert.ThrowsAsync<PostgresException>(() => Execute(waiter, "DO $$ BEGIN RAISE EXCEPTION 'custom' USING ERRCODE = 'SF001'; END $$"));
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var unreachable = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 3 }.ConnectionString);
            await unreachable.OpenAsync(cancel);
        });

        Assert.Equal("55P03", lockTimeout.SqlState);
        Assert.True(provider.IsTransient(lockTimeout));
        Assert.False(provider.IsRejectedData(lockTimeout));
        Assert.True(provider.IsTransient(refused));
        Assert.True(provider.IsTransient(new InvalidOperationException("wrapped", refused)));
        Assert.True(provider.IsRejectedData(undefinedTable));
        Assert.False(provider.IsTransient(undefinedTable));
        Assert.True(provider.IsRejectedData(divisionByZero));
        Assert.False(provider.IsTransient(custom));
        Assert.False(provider.IsRejectedData(custom));
        Assert.False(provider.IsTransient(new InvalidCastException("a bug")));
    }

    [Fact]
    public async Task Sqlite_busy_is_transient_a_constraint_is_a_refusal_and_a_missing_table_is_neither()
    {
        using var database = new SqliteTestDatabase();
        database.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        var provider = new SqliteTargetProvider();
        var cancel = TestContext.Current.CancellationToken;

        await using var holder = new SqliteConnection(database.ConnectionString);
        await holder.OpenAsync(cancel);
        await using var transaction = holder.BeginTransaction();
        await using (var write = new SqliteCommand("INSERT INTO t VALUES (1)", holder, transaction))
        {
            await write.ExecuteNonQueryAsync(cancel);
        }

        await using var other = new SqliteConnection(database.ConnectionString + ";Default Timeout=1");
        await other.OpenAsync(cancel);
        var busy = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var command = new SqliteCommand("INSERT INTO t VALUES (2)", other) { CommandTimeout = 1 };
            await command.ExecuteNonQueryAsync(cancel);
        });
        await transaction.CommitAsync(cancel);
        var constraint = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var command = new SqliteCommand("INSERT INTO t VALUES (1)", other);
            await command.ExecuteNonQueryAsync(cancel);
        });
        var missing = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var command = new SqliteCommand("INSERT INTO missing VALUES (1)", other);
            await command.ExecuteNonQueryAsync(cancel);
        });

        Assert.True(provider.IsTransient(busy));
        Assert.False(provider.IsRejectedData(busy));
        Assert.True(provider.IsRejectedData(constraint));
        Assert.False(provider.IsTransient(constraint));
        Assert.False(provider.IsTransient(missing));
        Assert.False(provider.IsRejectedData(missing));
    }

    [Fact]
    public void Sql_server_transient_numbers_and_refusal_numbers_never_overlap()
    {
        int[] transient = [1205, 1222, -2, 4060, 40613, 40501, 40197, 49918, 49919, 49920, 10928, 10929, 233, 64, 1105, 9002];
        int[] refused = [208, 207, 206, 229, 230, 271, 544, 8102, 2627, 515, 547, 8152];

        Assert.All(transient, number => Assert.True(SqlServerTargetProvider.TransientErrors.Contains(number), $"{number}"));
        Assert.All(refused, number => Assert.True(SqlServerTargetProvider.RejectedDataErrors.Contains(number), $"{number}"));
        Assert.Empty(SqlServerTargetProvider.TransientErrors.Intersect(SqlServerTargetProvider.RejectedDataErrors));
        Assert.False(new SqlServerTargetProvider().IsTransient(new InvalidCastException("a bug")));
        Assert.True(new SqlServerTargetProvider().IsTransient(new InvalidOperationException("wrapped", new TimeoutException())));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
