using System.Text.Json.Nodes;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// Folders the exporter must write into that it cannot: the real program, as a child process, says
/// so in one line naming the folder and the account (never a temporary file, never a stack trace).
/// The tests run as root, who writes anywhere, so a folder is made unwritable by a path that runs
/// through a regular file, or by its mode with root's override dropped.
/// </summary>
public sealed class UnwritableFolderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_outbox_under_a_regular_file_fails_with_1_in_one_line_naming_the_outbox_and_the_user()
    {
        using var sync = ShopSchemas.NewShop();
        var file = Path.Combine(sync.Root, "not-a-folder");
        File.WriteAllText(file, "x");
        var outbox = Path.Combine(file, "outbox");
        SetSiteKey(sync, "outbox", outbox);

        using var run = ProgramProcess.Start("syncfiles-export", "run", "--config", sync.SiteConfigPath);
        var result = await run.WaitAsync(Patience);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"outbox {outbox} is not writable by user {Environment.UserName}: {file} is a file, not a folder", result.Error, StringComparison.Ordinal);
        AssertNoStackNorTemporaryFile(result);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(sync.StatePath));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_outbox_the_account_may_not_write_fails_with_1_saying_permission_denied()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "file modes and setpriv are Linux's");
        using var sync = ShopSchemas.NewShop();
        Directory.CreateDirectory(sync.Outbox);
        File.SetUnixFileMode(sync.Outbox, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            using var run = ProgramProcess.StartBoundByFileModes("syncfiles-export", "run", "--config", sync.SiteConfigPath);
            var result = await run.WaitAsync(Patience);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains($"outbox {sync.Outbox} is not writable by user {Environment.UserName}: permission denied", result.Error, StringComparison.Ordinal);
            AssertNoStackNorTemporaryFile(result);
            Assert.Empty(Directory.GetFileSystemEntries(sync.Outbox));
        }
        finally
        {
            File.SetUnixFileMode(sync.Outbox, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_log_folder_that_cannot_be_made_is_said_once_and_the_export_still_publishes()
    {
        using var sync = ShopSchemas.NewShop();
        var file = Path.Combine(sync.Root, "not-a-folder");
        File.WriteAllText(file, "x");
        SetSiteKey(sync, "logFile", Path.Combine(file, "logs", "export.log"));

        using var run = ProgramProcess.Start("syncfiles-export", "run", "--config", sync.SiteConfigPath);
        var result = await run.WaitAsync(Patience);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Log folder {Path.Combine(file, "logs")} is not writable by user {Environment.UserName}: {file} is a file, not a folder; this run logs to the console only", result.Error, StringComparison.Ordinal);
        AssertNoStackNorTemporaryFile(result);
        Assert.Equal(["AG01-00000001.zip"], SyncFixture.Files(sync.Outbox).Where(f => f.EndsWith(".zip", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Keygen_into_a_folder_under_a_regular_file_fails_with_1_in_one_line()
    {
        using var directory = new TempDirectory();
        var file = directory.Combine("not-a-folder");
        File.WriteAllText(file, "x");
        var keys = Path.Combine(file, "keys");

        using var keygen = ProgramProcess.Start("syncfiles-export", "keygen", "--site", "AG01", "--out", keys);
        var result = await keygen.WaitAsync(Patience);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"Key folder {keys} is not writable by user {Environment.UserName}: {file} is a file, not a folder", result.Error.Trim());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Keygen_into_a_folder_under_a_regular_file_says_so_in_French_with_lang_fr()
    {
        using var directory = new TempDirectory();
        var file = directory.Combine("pas-un-dossier");
        File.WriteAllText(file, "x");
        var keys = Path.Combine(file, "clés");

        using var keygen = ProgramProcess.Start("syncfiles-export", "keygen", "--site", "AG01", "--out", keys, "--lang", "fr");
        var result = await keygen.WaitAsync(Patience);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"Le dossier des clés {keys} n'est pas accessible en écriture pour l'utilisateur {Environment.UserName} : {file} est un fichier, pas un dossier", result.Error.Trim());
    }

    [Fact]
    public async Task Keygen_on_a_machine_without_the_crypto_it_needs_exits_2_in_one_line_saying_what_to_install()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), ".NET finds OpenSSL through the library path on Linux only");
        using var directory = new TempDirectory();

        // Libraries named like OpenSSL's that are not libraries: .NET finds them first and cannot
        // load them, as on a machine without OpenSSL.
        var fakeLibraries = directory.Combine("no-openssl");
        Directory.CreateDirectory(fakeLibraries);
        foreach (var name in new[] { "libssl.so", "libssl.so.3", "libssl.so.1.1", "libssl.so.1.0.2", "libssl.so.1.0.0", "libssl.so.10", "libcrypto.so.3", "libcrypto.so.1.1" })
        {
            File.WriteAllText(Path.Combine(fakeLibraries, name), "not a library");
        }

        var keys = directory.Combine("keys");
        using var keygen = ProgramProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = fakeLibraries },
            "syncfiles-export", "keygen", "--site", "AG01", "--out", keys);
        var result = await keygen.WaitAsync(Patience);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("This machine cannot make or use ECDSA P-256 signing keys: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("install OpenSSL", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(keys));
    }

    private static void SetSiteKey(SyncFixture sync, string key, string value)
    {
        var config = JsonNode.Parse(File.ReadAllText(sync.SiteConfigPath))!.AsObject();
        config[key] = value;
        File.WriteAllText(sync.SiteConfigPath, config.ToJsonString());
    }

    private static void AssertNoStackNorTemporaryFile(CliResult result)
    {
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", result.Error, StringComparison.Ordinal);
    }
}
