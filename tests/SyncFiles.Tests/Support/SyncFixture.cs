using System.Text.Json;
using SyncFiles.Exporter.Cli;
using SyncFiles.Importer.Cli;

namespace SyncFiles.Tests.Support;

/// <summary>
/// A site and a head office on two real databases, each in a folder of its own: a source database,
/// a target database, both configuration files, and the outbox/inbox between them. Tests drive the
/// real command lines in-process and look at files, rows and exit codes. The fixture speaks of
/// <see cref="TestDatabase"/> only; a test that reads a SQLite file asks its database for it
/// (<c>sync.Target.AsSqlite().Path</c>).
/// </summary>
public sealed class SyncFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    /// <summary>A site and a head office on any two databases (empty; the caller creates the tables).</summary>
    public SyncFixture(TestDatabase source, TestDatabase target, IReadOnlyList<object> siteTables, IReadOnlyList<object> serverTables, string siteId = "AG01")
    {
        Source = source;
        Target = target;
        SiteId = siteId;
        Directory.CreateDirectory(_directory.Combine("site"));
        Directory.CreateDirectory(_directory.Combine("central"));

        // The importer refuses a missing inbox (a misspelt one is not an empty one); init makes it.
        Directory.CreateDirectory(_directory.Combine("central", "inbox"));

        SiteConfigPath = _directory.Combine("site", "site.json");
        WriteSiteConfig(new Dictionary<string, object?>
        {
            ["siteId"] = siteId,
            ["source"] = new { provider = source.Provider, connectionString = source.ConnectionString },
            ["outbox"] = "outbox",
            ["tables"] = siteTables,
        });

        ServerConfigPath = _directory.Combine("central", "server.json");
        File.WriteAllText(ServerConfigPath, JsonSerializer.Serialize(new
        {
            target = new { provider = target.Provider, connectionString = target.ConnectionString },
            inbox = "inbox",
            processed = "processed",
            quarantine = "quarantine",

            // Bundles are written and judged at once here: no waiting for a copy to settle.
            settleTime = "0s",
            sites = new[] { new { id = siteId } },
            tables = serverTables,
        }));
    }

    /// <summary>A site and a head office on SQLite files, with the given schemas.</summary>
    public static SyncFixture OnSqlite(string sourceSchema, string targetSchema, IReadOnlyList<object> siteTables, IReadOnlyList<object> serverTables, string siteId = "AG01")
    {
        var sync = new SyncFixture(new SqliteTestDatabase(), new SqliteTestDatabase(), siteTables, serverTables, siteId);
        try
        {
            sync.Source.Execute(sourceSchema);
            sync.Target.Execute(targetSchema);
            return sync;
        }
        catch
        {
            // A schema the test got wrong still leaves no folders behind.
            sync.Dispose();
            throw;
        }
    }

    public TestDatabase Source { get; }

    public TestDatabase Target { get; }

    public string SiteId { get; }

    public string SiteConfigPath { get; }

    public string ServerConfigPath { get; }

    public string Outbox => _directory.Combine("site", "outbox");

    public string StatePath => _directory.Combine("site", ".sync_state.json");

    public string Inbox => _directory.Combine("central", "inbox");

    public string Processed => _directory.Combine("central", "processed");

    public string Quarantine => _directory.Combine("central", "quarantine");

    public string Root => _directory.Path;

    public void WriteSiteConfig(Dictionary<string, object?> config) =>
        File.WriteAllText(SiteConfigPath, JsonSerializer.Serialize(config));

    /// <summary>Rewrites site.json with extra or replaced keys (source, outbox and tables stay unless given).</summary>
    public void UpdateSiteConfig(Action<Dictionary<string, object?>> change)
    {
        var config = new Dictionary<string, object?>
        {
            ["siteId"] = SiteId,
            ["source"] = new { provider = Source.Provider, connectionString = Source.ConnectionString },
            ["outbox"] = "outbox",
        };
        change(config);
        WriteSiteConfig(config);
    }

    public void ExecuteSource(string sql) => Source.Execute(sql);

    public List<object?[]> QueryCentral(string sql) => Target.Query(sql);

    public List<object?[]> QuerySource(string sql) => Source.Query(sql);

    public long CentralCount(string table) => Target.Count(table);

    public async Task<CliResult> ExportAsync(params string[] extra) =>
        await CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["run", "--config", SiteConfigPath, .. extra], o, e));

    public async Task<CliResult> ImportAsync() =>
        await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(["run", "--config", ServerConfigPath], o, e));

    /// <summary>Exports, checks success, and returns the new bundle's path.</summary>
    public async Task<string> ExportOkAsync(params string[] extra)
    {
        var result = await ExportAsync(extra);
        Assert.True(result.ExitCode == 0, result.ToString());
        var path = result.Output.Trim();
        Assert.True(File.Exists(path), $"bundle {path} missing");
        return path;
    }

    /// <summary>Copies a bundle into the inbox, as a courier would.</summary>
    public string Deliver(string bundlePath, string? asName = null)
    {
        Directory.CreateDirectory(Inbox);
        var target = Path.Combine(Inbox, asName ?? Path.GetFileName(bundlePath));
        File.Copy(bundlePath, target);
        return target;
    }

    public static List<string> Files(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];

    public void Dispose()
    {
        _directory.Dispose();
        Source.Dispose();
        Target.Dispose();
    }
}

/// <summary>The exit code and captured output of one in-process command line run.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public static async Task<CliResult> RunAsync(Func<TextWriter, TextWriter, Task<int>> run)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await run(output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
