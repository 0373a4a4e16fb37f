using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary><c>syncfiles-import status</c> on real bundles applied to a real SQLite central database.</summary>
public sealed class StatusTests
{
    private const string Invoice1 = "INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');";
    private const string Invoice2 = "INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-02 10:00:00.000');";
    private const string Invoice3 = "INSERT INTO factures VALUES (3, 'F3', '30.00', NULL, '2026-11-03 10:00:00.000');";

    [Fact]
    public async Task Status_of_an_empty_database_says_nothing_applied_yet_and_creates_no_ledger()
    {
        using var sync = ShopSchemas.NewShop();
        var before = SHA256.HashData(File.ReadAllBytes(sync.Target.AsSqlite().Path));

        var text = await StatusAsync(sync);
        var json = await StatusAsync(sync, "--json");

        Assert.Equal(0, text.ExitCode);
        Shows(text, "The ledger does not exist yet");
        ShowsLine(text, @"(?m)^AG01\s+never\s+-\s+nothing applied yet");
        using var document = JsonDocument.Parse(json.Output);
        Assert.False(document.RootElement.GetProperty("ledgerExists").GetBoolean());
        var site = Assert.Single(document.RootElement.GetProperty("sites").EnumerateArray());
        Assert.Equal("never", site.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, site.GetProperty("lastApplied").ValueKind);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(sync.Target.AsSqlite().Path)));
        Assert.Empty(sync.QueryCentral("SELECT name FROM sqlite_master WHERE name = 'syncfiles_ledger'"));
    }

    [Fact]
    public async Task Status_shows_the_last_sequence_a_held_bundle_with_what_it_waits_for_a_quarantined_one_with_its_reason_and_a_site_never_synced()
    {
        using var sync = ShopSchemas.NewShop();
        WriteServerConfig(sync, ["AG01", "AG02"]);
        sync.ExecuteSource(Invoice1);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource(Invoice2);
        await sync.ExportOkAsync(); // Bundle 2 never reaches head office.
        sync.ExecuteSource(Invoice3);
        var third = sync.Deliver(await sync.ExportOkAsync());

        // Bundle 3 under another sequence's name: read and verified, so attributed to AG01.
        File.Copy(third, Path.Combine(sync.Inbox, "AG01-00000009.zip"));
        Assert.Equal(3, (await sync.ImportAsync()).ExitCode);
        var inbox = SyncFixture.Files(sync.Inbox);
        var quarantine = SyncFixture.Files(sync.Quarantine);
        var rows = Convert.ToInt64(sync.QueryCentral("SELECT rows_total FROM syncfiles_ledger WHERE sequence = 1")[0][0], CultureInfo.InvariantCulture);

        var text = await StatusAsync(sync);
        var json = await StatusAsync(sync, "--json");

        Assert.Equal(0, text.ExitCode);
        ShowsLine(text, @"(?m)^AG01\s+quarantined\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\S.* ago\s+" + rows + @"\s+full\s+1 held \(waits for 2\), 1 quarantined\r?$");
        ShowsLine(text, @"(?m)^AG02\s+never\s+-\s+nothing applied yet");
        Shows(text, "held        AG01-00000003.zip: waits for sequence 2 of site AG01");
        Shows(text, "quarantined AG01-00000009.zip: AG01-00000009.zip holds site AG01 sequence 3");

        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("ledgerExists").GetBoolean());
        Assert.Equal(26 * 3600, root.GetProperty("lateAfterSeconds").GetInt64());
        Assert.Equal(50 * 3600, root.GetProperty("criticalAfterSeconds").GetInt64());
        Assert.EndsWith("+00:00", root.GetProperty("generatedUtc").GetString(), StringComparison.Ordinal);
        var sites = root.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(["AG01", "AG02"], sites.Select(s => s.GetProperty("siteId").GetString()));
        var ag01 = sites[0];
        Assert.Equal("quarantined", ag01.GetProperty("state").GetString());
        Assert.Equal("ok", ag01.GetProperty("lag").GetString());
        Assert.True(ag01.GetProperty("configured").GetBoolean());
        var last = ag01.GetProperty("lastApplied");
        Assert.Equal(1, last.GetProperty("sequence").GetInt64());
        Assert.Equal("AG01-00000001.zip", last.GetProperty("file").GetString());
        Assert.Equal("full", last.GetProperty("mode").GetString());
        Assert.Equal(rows, last.GetProperty("rows").GetInt64());
        Assert.InRange(last.GetProperty("ageSeconds").GetInt64(), 0, 600);
        var applied = DateTimeOffset.Parse(last.GetProperty("appliedUtc").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, applied.Offset);
        var held = Assert.Single(ag01.GetProperty("held").EnumerateArray());
        Assert.Equal("AG01-00000003.zip", held.GetProperty("file").GetString());
        Assert.Equal(3, held.GetProperty("sequence").GetInt64());
        Assert.Equal(2, held.GetProperty("waitsFor").GetInt64());
        var quarantined = Assert.Single(ag01.GetProperty("quarantined").EnumerateArray());
        Assert.Equal("AG01-00000009.zip", quarantined.GetProperty("file").GetString());
        Assert.Contains("holds site AG01 sequence 3", quarantined.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var days = ag01.GetProperty("rowsPerDay").EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), days[^1].GetProperty("date").GetString());
        Assert.Equal(rows, days[^1].GetProperty("rows").GetInt64());
        Assert.Equal(rows, days.Sum(d => d.GetProperty("rows").GetInt64()));
        Assert.Equal("never", sites[1].GetProperty("state").GetString());
        Assert.Equal(0, sites[1].GetProperty("bundlesApplied").GetInt64());

        // Read-only: nothing moved.
        Assert.Equal(inbox, SyncFixture.Files(sync.Inbox));
        Assert.Equal(quarantine, SyncFixture.Files(sync.Quarantine));
    }

    [Fact]
    public async Task Files_named_for_a_site_that_the_importer_could_not_verify_are_not_counted_against_that_site()
    {
        using var sync = ShopSchemas.NewShop();
        WriteServerConfig(sync, ["AG01", "AG02"]);
        sync.ExecuteSource(Invoice1);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        InsertLedgerRow(sync, "AG02", 1, DateTimeOffset.UtcNow, 10);

        // Anyone who may write to the inbox can name a file after AG02.
        File.WriteAllText(Path.Combine(sync.Inbox, "AG02-00000002.zip"), "not a zip at all");
        File.WriteAllText(Path.Combine(sync.Inbox, "AG02-00000003.zip"), "nor this");
        Assert.Equal(3, (await sync.ImportAsync()).ExitCode);

        var json = await StatusAsync(sync, "--json");
        using var document = JsonDocument.Parse(json.Output);
        var ag02 = document.RootElement.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("siteId").GetString() == "AG02");
        Assert.Equal("ok", ag02.GetProperty("state").GetString());
        Assert.Empty(ag02.GetProperty("quarantined").EnumerateArray());
        var unattributed = document.RootElement.GetProperty("quarantineUnattributed").EnumerateArray().Select(q => q.GetProperty("file").GetString()).ToList();
        Assert.Equal(["AG02-00000002.zip", "AG02-00000003.zip"], unattributed);
        var text = await StatusAsync(sync);
        ShowsLine(text, @"(?m)^AG02\s+ok\s+1\s");
        Shows(text, "quarantined AG02-00000002.zip: AG02-00000002.zip: the zip directory cannot be read");
    }

    [Fact]
    public async Task A_bundle_that_will_apply_next_is_pending_not_held_and_a_site_outside_the_configuration_is_flagged()
    {
        using var sync = ShopSchemas.NewShop();
        using var other = SyncFixture.OnSqlite(ShopSchemas.ShopSource, ShopSchemas.ShopCentral, ShopSchemas.ShopSiteTables, ShopSchemas.ShopServerTables, siteId: "AG99");
        other.ExecuteSource(Invoice1);
        sync.Deliver(await other.ExportOkAsync());
        Assert.Equal(3, (await sync.ImportAsync()).ExitCode);
        sync.ExecuteSource(Invoice1);
        sync.Deliver(await sync.ExportOkAsync());
        sync.ExecuteSource(Invoice2);
        sync.Deliver(await sync.ExportOkAsync());

        var text = await StatusAsync(sync);

        Assert.Equal(0, text.ExitCode);
        ShowsLine(text, @"(?m)^AG01\s+never\s+-\s+nothing applied yet\s+2 to apply\r?$");
        ShowsLine(text, @"(?m)^AG99\*\s+quarantined\s+-\s+nothing applied yet\s+1 quarantined\r?$");
        Shows(text, "quarantined AG99-00000001.zip: Site AG99 is not in the server configuration's sites");
        Shows(text, "* not in server.json's sites");
    }

    [Fact]
    public async Task The_html_page_is_well_formed_colours_lag_by_age_charts_rows_per_day_and_escapes_hostile_names()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(Invoice1);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);
        const string HostileSite = "<script>alert('site')</script>";
        var now = DateTimeOffset.UtcNow;
        InsertLedgerRow(sync, HostileSite, 7, now.AddHours(-60), 500);
        InsertLedgerRow(sync, "AG03", 4, now.AddHours(-3).AddMinutes(-12), 1234);
        InsertLedgerRow(sync, "AG03", 3, now.AddDays(-2), 77);
        InsertLedgerRow(sync, "AG04", 1, now.AddHours(-30), 10);
        const string HostileFile = "AG01-<b>&\"x'.zip";
        Directory.CreateDirectory(sync.Quarantine);
        File.WriteAllText(Path.Combine(sync.Quarantine, HostileFile), "junk");
        File.WriteAllText(Path.Combine(sync.Quarantine, HostileFile + ".error.txt"), "<img src=x onerror=alert(1)> & more\nsecond line\n");
        var page = Path.Combine(sync.Root, "status.html");

        var result = await StatusAsync(sync, "--html", page);

        Assert.Equal(0, result.ExitCode);
        ShowsLine(result, @"(?m)^AG03\*\s+ok\s+4\s+.*3 h 12 min ago\s+1234\s+incremental");
        ShowsLine(result, @"(?m)^AG04\*\s+late\s+1\s+.*30 h ago\s+10\s+incremental");
        var html = File.ReadAllText(page);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Equal(["status.html"], Directory.GetFiles(sync.Root).Select(Path.GetFileName));

        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        var document = XDocument.Load(reader);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "img" or "link" or "iframe");
        Assert.DoesNotContain(document.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        var rows = document.Descendants("tr").Where(tr => tr.Attribute("data-site") is not null).ToDictionary(tr => tr.Attribute("data-site")!.Value);
        Assert.Equal(["AG01", "AG03", "AG04", "__unattributed"], rows.Keys.Select(k => k == HostileSite ? "__unattributed" : k).Order(StringComparer.Ordinal));
        Assert.Equal(HostileSite, rows[HostileSite].Descendants("strong").First().Value);
        Assert.Equal("lag lag-critical", LagCell(rows[HostileSite]).Attribute("class")!.Value);
        Assert.Equal("lag lag-ok", LagCell(rows["AG03"]).Attribute("class")!.Value);
        Assert.Equal("lag lag-late", LagCell(rows["AG04"]).Attribute("class")!.Value);
        Assert.Equal("late", rows["AG04"].Attribute("data-state")!.Value);
        Assert.Equal("3 h 12 min ago", LagCell(rows["AG03"]).Value);
        Assert.Equal("lag lag-ok", LagCell(rows["AG01"]).Attribute("class")!.Value);
        Assert.Equal("ok", rows["AG01"].Attribute("data-state")!.Value);

        // AG03's chart: a bar for each of its two bundles' days, 28 empty days.
        var bars = rows["AG03"].Descendants().Where(e => e.Name.LocalName == "rect").ToList();
        Assert.Equal(30, bars.Count);
        Assert.Equal(28, bars.Count(b => b.Attribute("class")!.Value == "bar-empty"));
        Assert.Contains($"{Day(now.AddHours(-3).AddMinutes(-12))}: 1,234 rows in 1 bundle", bars.Select(b => b.Value));
        Assert.Contains($"{Day(now.AddDays(-2))}: 77 rows in 1 bundle", bars.Select(b => b.Value));

        var quarantined = Assert.Single(document.Descendants("li"), li => (string?)li.Attribute("class") == "quarantined");
        Assert.Equal(HostileFile, quarantined.Element("code")!.Value);
        Assert.Equal("<img src=x onerror=alert(1)> & more", quarantined.Descendants("span").Single().Value);
        Assert.Contains(sync.ServerConfigPath, document.Descendants("code").Select(c => c.Value));
    }

    [Fact]
    public async Task Fail_unless_ok_exits_5_once_a_site_is_late_and_thresholds_come_from_options_or_server_json()
    {
        using var sync = ShopSchemas.NewShop();
        sync.ExecuteSource(Invoice1);
        sync.Deliver(await sync.ExportOkAsync());
        Assert.Equal(0, (await sync.ImportAsync()).ExitCode);

        Assert.Equal(0, (await StatusAsync(sync, "--fail-unless-ok")).ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(2.2), TestContext.Current.CancellationToken);
        var late = await StatusAsync(sync, "--fail-unless-ok", "--late-after", "1s", "--critical-after", "1h");
        Assert.Equal(ExitCodes.NeedsAttention, late.ExitCode);
        ShowsLine(late, @"(?m)^AG01\s+late\s+1\s");
        Assert.Equal(0, (await StatusAsync(sync, "--late-after", "1s", "--critical-after", "1h")).ExitCode);

        WriteServerConfig(sync, ["AG01"], new { lateAfter = "1s", criticalAfter = "2s" });
        using var document = JsonDocument.Parse((await StatusAsync(sync, "--json")).Output);
        var site = Assert.Single(document.RootElement.GetProperty("sites").EnumerateArray());
        Assert.Equal("critical", site.GetProperty("lag").GetString());
        Assert.Equal("late", site.GetProperty("state").GetString());
        Assert.False(document.RootElement.GetProperty("allOk").GetBoolean());
    }

    [Theory]
    [InlineData("1w", "26h", "status.lateAfter: '1w' is not a duration")]
    [InlineData("30h", "24h", "status.criticalAfter (24h) is shorter than status.lateAfter (30h)")]
    [InlineData("0m", "24h", "status.lateAfter must be longer than 0")]
    public async Task Bad_thresholds_in_server_json_are_configuration_errors(string lateAfter, string criticalAfter, string message)
    {
        using var sync = ShopSchemas.NewShop();
        WriteServerConfig(sync, ["AG01"], new { lateAfter, criticalAfter });

        var status = await StatusAsync(sync);
        var run = await sync.ImportAsync();

        Assert.Equal(2, status.ExitCode);
        Assert.Contains(message, status.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task A_bad_threshold_option_is_a_usage_error()
    {
        using var sync = ShopSchemas.NewShop();

        var result = await StatusAsync(sync, "--late-after", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--late-after: 'soon' is not a duration", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_central_database_exits_1_with_a_clear_message_and_is_not_created()
    {
        using var sync = ShopSchemas.NewShop();
        File.Delete(sync.Target.AsSqlite().Path);

        var result = await StatusAsync(sync, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Cannot read the status: The target database {sync.Target.AsSqlite().Path} does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(sync.Target.AsSqlite().Path));
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task An_unreachable_database_server_exits_1_naming_it()
    {
        using var sync = ShopSchemas.NewShop();
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = "postgres", connectionString = "Host=127.0.0.1;Port=1;Username=x;Database=central;Timeout=5" },
            sites = new[] { new { id = "AG01" } },
            tables = ShopSchemas.ShopServerTables,
        }));

        var result = await StatusAsync(sync, "--html", Path.Combine(sync.Root, "status.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Cannot read the status: The target PostgreSQL server 127.0.0.1:1 cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sync.Root, "status.html")));
    }

    internal static async Task<CliResult> StatusAsync(SyncFixture sync, params string[] extra) =>
        await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["status", "--config", sync.ServerConfigPath, .. extra], o, e));

    private static void Shows(CliResult result, string expected) =>
        Assert.True(result.Output.Contains(expected, StringComparison.Ordinal), $"'{expected}' not in:\n{result}");

    private static void ShowsLine(CliResult result, string pattern) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(result.Output, pattern), $"no line matches '{pattern}' in:\n{result}");

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static XElement LagCell(XElement row) => row.Elements("td").Single(td => ((string?)td.Attribute("class"))?.StartsWith("lag ", StringComparison.Ordinal) == true);

    private static void InsertLedgerRow(SyncFixture sync, string site, long sequence, DateTimeOffset applied, long rows) =>
        sync.Target.Execute(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO syncfiles_ledger VALUES ('{site.Replace("'", "''", StringComparison.Ordinal)}', {sequence}, '{Guid.NewGuid()}', '{new string('0', 64)}', 'incremental', '{applied.ToUniversalTime():O}', {rows}, '{{}}')"));

    private static void WriteServerConfig(SyncFixture sync, string[] sites, object? status = null) =>
        File.WriteAllText(sync.ServerConfigPath, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["target"] = new { provider = sync.Target.Provider, connectionString = sync.Target.ConnectionString },
            ["sites"] = sites.Select(id => new { id }).ToArray(),
            ["tables"] = ShopSchemas.ShopServerTables,
            ["status"] = status,

            // This test writes a broken bundle and expects it quarantined at once, not left as still arriving.
            ["settleTime"] = "0s",
        }.Where(kv => kv.Value is not null).ToDictionary()));
}
