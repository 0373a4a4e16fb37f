using System.Text.Json;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Export;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// <c>syncfiles-export reset</c> replaces deleting the state file: it asks first (or needs --yes),
/// keeps the numbering, clears the watermarks, backs up the old state, and the next bundle is full
/// so head office takes it even over a gap.
/// </summary>
public sealed class ResetTests
{
    [Fact]
    public async Task Without_yes_and_without_a_terminal_reset_refuses_and_leaves_the_state_byte_for_byte()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var before = File.ReadAllBytes(sync.StatePath);

        var result = await sync.ResetAsync(input: null);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Reset of site AG01", result.Output, StringComparison.Ordinal);
        Assert.Contains("Not reset: there is no terminal to confirm at. Run it again with --yes", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(sync.StatePath));
        Assert.Empty(Backups(sync));
    }

    [Fact]
    public async Task At_a_terminal_reset_asks_for_the_site_id_and_anything_else_cancels()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var before = File.ReadAllBytes(sync.StatePath);

        var cancelled = await sync.ResetAsync(new ConfirmationInput(new StringReader("y\n"), IsTerminal: true));

        Assert.Equal(2, cancelled.ExitCode);
        Assert.Contains("Type the site id (AG01) to reset", cancelled.Output, StringComparison.Ordinal);
        Assert.Contains("Not reset: cancelled", cancelled.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(sync.StatePath));

        var confirmed = await sync.ResetAsync(new ConfirmationInput(new StringReader("AG01\n"), IsTerminal: true));

        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Contains("Reset done", confirmed.Output, StringComparison.Ordinal);
        Assert.Single(Backups(sync));
    }

    [Fact]
    public async Task Reset_keeps_the_sequence_clears_the_watermarks_backs_up_the_state_and_the_next_full_bundle_is_applied_over_a_gap()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Familles(1, 3) + ShopData.Factures(1, 10, round: 0));
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource(ShopData.Factures(11, 20, round: 1));
        await sync.ExportOkAsync(); // Bundle 2 never reaches head office.
        var before = File.ReadAllBytes(sync.StatePath);

        var reset = await sync.ResetAsync(input: null, "--yes");

        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("the numbering is kept: the next bundle is AG01-00000003.zip, marked full", reset.Output, StringComparison.Ordinal);
        Assert.Contains("makes bundle 3 with every table in full", reset.Output, StringComparison.Ordinal);
        Assert.Contains("Reset of site AG01 by ", reset.Error, StringComparison.Ordinal);
        var backup = Assert.Single(Backups(sync));
        Assert.Matches(@"\.sync_state\.json\.\d{8}-\d{6}\.bak$", backup);
        Assert.Equal(before, File.ReadAllBytes(backup));
        using (var state = JsonDocument.Parse(File.ReadAllBytes(sync.StatePath)))
        {
            Assert.Equal(2, state.RootElement.GetProperty("lastSequence").GetInt64());
            Assert.Empty(state.RootElement.GetProperty("tables").EnumerateObject());
            Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("pendingReset").GetProperty("tables").ValueKind);
            Assert.Equal(Path.GetFileName(backup), state.RootElement.GetProperty("resets")[0].GetProperty("backup").GetString());
        }

        var status = await sync.StatusAsync();
        Assert.Contains("Pending reset:  the next run exports every table (a full bundle)", status.Output, StringComparison.Ordinal);

        sync.ExecuteSource(ShopData.Factures(21, 25, round: 2));
        var full = await sync.ExportOkAsync();

        Assert.EndsWith("AG01-00000003.zip", full, StringComparison.Ordinal);
        var manifest = TestManifests.Read(full);
        Assert.Equal("full", manifest.GetProperty("mode").GetString());
        Assert.Equal(25, TestManifests.Table(manifest, "factures").GetProperty("rows").GetInt64());
        using (var state = JsonDocument.Parse(File.ReadAllBytes(sync.StatePath)))
        {
            Assert.Equal(3, state.RootElement.GetProperty("lastSequence").GetInt64());
            Assert.False(state.RootElement.TryGetProperty("pendingReset", out var pending) && pending.ValueKind != JsonValueKind.Null, "the reset is done once the full bundle is out");
            Assert.Equal(1, state.RootElement.GetProperty("resets").GetArrayLength());
            Assert.True(state.RootElement.GetProperty("tables").TryGetProperty("factures", out _));
        }

        sync.Deliver(full);
        var imported = await sync.ImportAsync();

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("applied     AG01-00000003.zip: full", imported.Output, StringComparison.Ordinal);
        Assert.Equal([[1L], [3L]], sync.QueryCentral("SELECT sequence FROM syncfiles_ledger ORDER BY sequence"));
        Assert.Equal(25L, sync.CentralCount("factures"));

        // And the next run is incremental again.
        sync.ExecuteSource(ShopData.Factures(26, 27, round: 3));
        var next = TestManifests.Read(await sync.ExportOkAsync());
        Assert.Equal("incremental", next.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Reset_of_one_table_exports_only_that_table_in_full_and_keeps_the_others_watermarks()
    {
        using var sync = SyncFixture.OnSqlite(
            """
            CREATE TABLE factures (id INTEGER PRIMARY KEY, modifie_le DATETIME NOT NULL);
            CREATE TABLE avoirs (id INTEGER PRIMARY KEY, modifie_le DATETIME NOT NULL);
            """,
            """
            CREATE TABLE factures (agence VARCHAR(10) NOT NULL, id INTEGER NOT NULL, modifie_le DATETIME NOT NULL, PRIMARY KEY (agence, id));
            CREATE TABLE avoirs (agence VARCHAR(10) NOT NULL, id INTEGER NOT NULL, modifie_le DATETIME NOT NULL, PRIMARY KEY (agence, id));
            """,
            [new { name = "factures", kind = "transaction", changeColumn = "modifie_le" }, new { name = "avoirs", kind = "transaction", changeColumn = "modifie_le" }],
            [new { name = "factures", siteColumn = "agence" }, new { name = "avoirs", siteColumn = "agence" }]);
        sync.ExecuteSource("""
            INSERT INTO factures VALUES (1, '2026-01-01 10:00:00'), (2, '2026-01-02 10:00:00');
            INSERT INTO avoirs VALUES (1, '2026-01-01 10:00:00'), (2, '2026-01-02 10:00:00');
            """);
        await sync.ExportOkAsync();
        sync.ExecuteSource("""
            INSERT INTO factures VALUES (3, '2026-02-01 10:00:00');
            INSERT INTO avoirs VALUES (3, '2026-02-01 10:00:00');
            """);

        var reset = await sync.ResetAsync(input: null, "--table", "FACTURES", "--yes");

        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("the watermark of factures is cleared: the next run exports that table in full, the others as usual", reset.Output, StringComparison.Ordinal);
        Assert.Contains("the next bundle is AG01-00000002.zip (incremental)", reset.Output, StringComparison.Ordinal);

        var manifest = TestManifests.Read(await sync.ExportOkAsync());

        Assert.Equal("incremental", manifest.GetProperty("mode").GetString());
        Assert.Equal(3, TestManifests.Table(manifest, "factures").GetProperty("rows").GetInt64());
        // avoirs goes on from its watermark: the new row and, through the 5-minute overlap, the last one.
        Assert.Equal(2, TestManifests.Table(manifest, "avoirs").GetProperty("rows").GetInt64());
    }

    [Theory]
    [InlineData("familles", "Table familles is a reference table: it is exported in full in every bundle already")]
    [InlineData("clients", "Table clients is not in")]
    public async Task Reset_of_a_table_that_cannot_be_reset_is_refused_with_the_reason(string table, string message)
    {
        using var sync = ShopSchemas.NewShop();
        await sync.ExportOkAsync();
        var before = File.ReadAllBytes(sync.StatePath);

        var result = await sync.ResetAsync(input: null, "--table", table, "--yes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(sync.StatePath));
    }

    [Fact]
    public async Task Reset_without_a_state_file_changes_nothing_and_points_to_the_lost_state_procedure()
    {
        using var sync = ShopSchemas.NewShop();

        var result = await sync.ResetAsync(input: null, "--yes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("There is no state file", result.Error, StringComparison.Ordinal);
        Assert.Contains("\"The state file is lost\" in docs/operations.md", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.StatePath));
    }

    [Fact]
    public async Task Reset_while_an_export_holds_the_lock_refuses_and_changes_nothing()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(ShopData.Factures(1, 10, round: 0));
        await sync.ExportOkAsync();
        var before = File.ReadAllBytes(sync.StatePath);
        using var running = ExportLock.Take(sync.StatePath, "AG01");

        var result = await sync.ResetAsync(input: null, "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("An export of site AG01 is running right now", result.Error, StringComparison.Ordinal);
        Assert.Contains("the reset was not done", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(sync.StatePath));
        Assert.Empty(Backups(sync));
    }

    private static string[] Backups(SyncFixture sync) =>
        Directory.GetFiles(Path.GetDirectoryName(sync.StatePath)!, ".sync_state.json.*.bak");
}
