using Npgsql;
using SyncFiles.Common.Providers;
using SyncFiles.Postgres;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// The source snapshot's settings travel with its first table description, and the exporter opens
/// the snapshot while it reads its state and folders: the settings must still rule every statement
/// however the snapshot is first used, and a run that fails before it reads the source must report
/// its own error and leave no connection behind.
/// </summary>
public sealed class PostgresSourceSnapshotTests
{
    [Fact]
    public async Task Dates_come_out_in_ISO_form_whatever_DateStyle_the_session_starts_with_and_whichever_statement_comes_first()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE d (id integer PRIMARY KEY, day date NOT NULL, note text)");
        database.Execute("INSERT INTO d VALUES (1, '2026-11-02', 'a')");
        // A session that would print 02/11/2026 on its own.
        var dmy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = "-c DateStyle=SQL,DMY" }.ConnectionString;

        var described = await CsvAsync(dmy, async snapshot =>
        {
            var schema = await snapshot.DescribeTableAsync("d", CancellationToken.None);
            return await snapshot.TryReadRowsAsCsvAsync(schema, ["id"], null, CancellationToken.None);
        });
        var schema = await WithSnapshotAsync(database.ConnectionString, snapshot => snapshot.DescribeTableAsync("d", CancellationToken.None));
        var undescribed = await CsvAsync(dmy, snapshot => snapshot.TryReadRowsAsCsvAsync(schema, ["id"], null, CancellationToken.None));

        await using (var session = new NpgsqlConnection(dmy))
        {
            await session.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT DATE '2026-11-02'::text", session);
            Assert.Equal("02/11/2026", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        Assert.Contains("2026-11-02", described, StringComparison.Ordinal);
        Assert.Equal(described, undescribed);
    }

    [Fact]
    public async Task A_run_refused_before_it_reads_the_source_reports_its_own_error_and_leaves_no_connection_open()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "r", kind = "reference" }], [new { name = "r" }]);
        sync.Source.Execute("CREATE TABLE r (id integer PRIMARY KEY, name text)");
        await sync.ExportOkAsync();
        var application = "syncfiles-test-" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(sync.Source.ConnectionString) { ApplicationName = application, Pooling = false }.ConnectionString;
        sync.UpdateSiteConfig(config =>
        {
            config["source"] = new { provider = "postgres", connectionString };
            config["tables"] = new[] { new { name = "r", kind = "reference" } };
        });
        StateOfOtherSite(sync);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(result.Error.Contains("belongs to site ZZ99, but the configuration says AG01", StringComparison.Ordinal), result.ToString());
        Assert.Equal(0L, await BackendsAsync(sync, application));
    }

    [Fact]
    public async Task An_unreachable_source_does_not_hide_an_error_found_before_the_source_is_read()
    {
        using var sync = new SyncFixture(new PostgresTestDatabase(), new SqliteTestDatabase(), [new { name = "r", kind = "reference" }], [new { name = "r" }]);
        sync.Source.Execute("CREATE TABLE r (id integer PRIMARY KEY, name text)");
        await sync.ExportOkAsync();
        var unreachable = new NpgsqlConnectionStringBuilder(sync.Source.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 3 }.ConnectionString;
        sync.UpdateSiteConfig(config =>
        {
            config["source"] = new { provider = "postgres", connectionString = unreachable };
            config["tables"] = new[] { new { name = "r", kind = "reference" } };
        });
        StateOfOtherSite(sync);

        var result = await sync.ExportAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(result.Error.Contains("belongs to site ZZ99, but the configuration says AG01", StringComparison.Ordinal), result.ToString());
        Assert.DoesNotContain("cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    // A refusal found before the source is read: the state file names another site (exit 2).
    private static void StateOfOtherSite(SyncFixture sync) =>
        File.WriteAllText(sync.StatePath, File.ReadAllText(sync.StatePath).Replace("\"AG01\"", "\"ZZ99\"", StringComparison.Ordinal));

    // A backend goes away a moment after its client has closed the connection: asked until none is left, for a few seconds at most.
    private static async Task<long> BackendsAsync(SyncFixture sync, string application)
    {
        long count = 0;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            count = (long)sync.Source.Query($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{application}'")[0][0]!;
            if (count == 0)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return count;
    }

    private static async Task<string> CsvAsync(string connectionString, Func<ISourceSnapshot, Task<Stream?>> open) =>
        await WithSnapshotAsync(connectionString, async snapshot =>
        {
            var records = await open(snapshot);
            Assert.NotNull(records);
            await using (records)
            {
                using var reader = new StreamReader(records);
                return await reader.ReadToEndAsync();
            }
        });

    private static async Task<T> WithSnapshotAsync<T>(string connectionString, Func<ISourceSnapshot, Task<T>> action)
    {
        await using var snapshot = await new PostgresSourceProvider().OpenSnapshotAsync(connectionString, Environment.CurrentDirectory, Serilog.Core.Logger.None, CancellationToken.None);
        return await action(snapshot);
    }
}
