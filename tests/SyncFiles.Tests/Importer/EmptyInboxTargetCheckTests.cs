using System.Text.Json;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// <c>syncfiles-import run</c> with nothing in the inbox still opens the central database, so a
/// head office set up wrongly fails the first night, not the first night a bundle arrives.
/// </summary>
public sealed class EmptyInboxTargetCheckTests
{
    [Fact]
    public async Task An_empty_inbox_with_a_missing_central_database_exits_1_naming_the_file_without_a_stack()
    {
        using var sync = ShopSchemas.NewShop();
        Directory.CreateDirectory(sync.Inbox);
        File.Delete(sync.Target.AsSqlite().Path);

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"The target database {sync.Target.AsSqlite().Path} does not exist", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to do", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.Target.AsSqlite().Path));
    }

    [Fact]
    public async Task An_empty_inbox_with_an_unreachable_postgres_server_exits_1_naming_the_server_and_database()
    {
        using var sync = ShopSchemas.NewShop();
        Directory.CreateDirectory(sync.Inbox);
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "postgres", connectionString = "Host=127.0.0.1;Port=1;Username=x;Database=central_hq;Timeout=5" },
            sites = new[] { new { id = "AG01" } },
            tables = ShopSchemas.ShopServerTables,
        }));

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("The target PostgreSQL server 127.0.0.1:1 cannot be reached or refused the connection to database central_hq", result.Error, StringComparison.Ordinal);
        // One error line; the only other lines say which folders the run created (processed, quarantine).
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => !line.Contains(" INF Created the folder ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_inbox_with_a_reachable_central_database_records_the_ledger_and_is_nothing_to_do()
    {
        using var sync = ShopSchemas.NewShop();
        Directory.CreateDirectory(sync.Inbox);

        var result = await sync.ImportAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("is empty; nothing to do", result.Error, StringComparison.Ordinal);

        // The connection was real: the ledger a first bundle needs is there, and empty.
        Assert.Equal(0L, sync.CentralCount("syncfiles_ledger"));
    }

    [Fact]
    public async Task Watch_mode_reports_a_missing_central_database_on_its_first_pass_over_an_empty_inbox()
    {
        using var sync = ShopSchemas.NewShop();
        Directory.CreateDirectory(sync.Inbox);
        File.Delete(sync.Target.AsSqlite().Path);

        using var watch = ProgramProcess.Start("syncfiles-import", "run", "--watch", "--poll-interval", "1s", "--config", sync.ServerConfigPath);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!watch.Result().Error.Contains("Import pass failed", StringComparison.Ordinal) && !watch.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await watch.KillAsync();
        var result = watch.Result();
        Assert.Contains($"Import pass failed: The target database {sync.Target.AsSqlite().Path} does not exist", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing to do", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
