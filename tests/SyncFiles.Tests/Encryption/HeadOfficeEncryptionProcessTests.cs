using System.Text.Json.Nodes;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Scenarios;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// Both programs as child processes, as a shop and head office run them: head office's keygen,
/// the site's export with <c>"encryptTo"</c>, <c>decrypt</c> for support, then the
/// import, with their exit codes and lines.
/// </summary>
public sealed class HeadOfficeEncryptionProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Keygen_export_with_encryptTo_decrypt_and_import_work_as_programs()
    {
        using var sync = new SyncFixture(new SqliteTestDatabase(), new SqliteTestDatabase(), ScenarioSchema.SiteTables, ScenarioSchema.ServerTables);
        sync.Source.Execute(ScenarioSchema.Source);
        sync.Target.Execute(ScenarioSchema.Central);
        sync.Source.Execute("INSERT INTO factures VALUES (1, 'F1', 10.00, NULL, '2026-11-01 10:00:00')");
        var keys = Path.Combine(sync.Root, "keys");

        var keygen = await RunAsync("syncfiles-import", "keygen", "--out", keys);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        HeadOfficeEncryptionKit.UseKeys(sync, Path.Combine(keys, "headoffice-encryption.private.pem"));
        HeadOfficeEncryptionKit.RequireEncryption(sync, "AG01");

        var site = JsonNode.Parse(File.ReadAllText(sync.SiteConfigPath))!.AsObject();
        site["encryptTo"] = Path.Combine(keys, "headoffice-encryption.public.pem");
        File.WriteAllText(sync.SiteConfigPath, site.ToJsonString());

        var export = await RunAsync("syncfiles-export", "run", "--config", sync.SiteConfigPath);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.EndsWith("AG01-00000001.zip.enc", export.Output.Trim(), StringComparison.Ordinal);
        var inbox = sync.Deliver(export.Output.Trim());

        var decrypted = Path.Combine(sync.Root, "support.zip");
        var decrypt = await RunAsync("syncfiles-import", "decrypt", inbox, "--config", sync.ServerConfigPath, "--out", decrypted);
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        var verify = await RunAsync("syncfiles-import", "verify", decrypted);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var other = HeadOfficeEncryptionKit.NewPair(Path.Combine(sync.Root, "other"), "other-encryption");
        var wrongKey = await RunAsync("syncfiles-import", "decrypt", inbox, "--key", other.PrivateKeyPath, "--out", Path.Combine(sync.Root, "wrong.zip"));
        Assert.True(wrongKey.ExitCode == 2, wrongKey.ToString());
        Assert.Contains("which is not among the keys configured", wrongKey.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", wrongKey.Error, StringComparison.Ordinal);

        var import = await RunAsync("syncfiles-import", "run", "--config", sync.ServerConfigPath);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("applied     AG01-00000001.zip.enc", import.Output, StringComparison.Ordinal);
        Assert.Equal([["AG01", "1", "F1"]], sync.Target.QueryCanonical("SELECT agence, id, numero FROM factures"));
    }

    private static async Task<CliResult> RunAsync(string program, params string[] arguments)
    {
        using var process = ProgramProcess.Start(program, arguments);
        return await process.WaitAsync(Limit);
    }
}
