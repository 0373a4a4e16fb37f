using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// Both programs write UTF-8 without a byte order mark to redirected output, whatever the
/// locale's charset: a path with <c>é</c> reaches a scheduler's log as UTF-8, not as the Latin-1
/// (or OEM code page) byte that reads as <c>�</c>. The programs run as child processes under a
/// Latin-1 locale, and their raw bytes are checked.
/// </summary>
public sealed class Utf8ConsoleTests
{
    private const string Accented = "Boutique été ü";

    [Fact]
    public async Task The_exporter_prints_a_path_with_accents_as_UTF8_without_a_BOM_under_a_Latin1_locale()
    {
        using var sync = ShopSchemas.NewShop();
        SetKey(sync.SiteConfigPath, "outbox", Path.Combine(Accented, "outbox"));

        var (exitCode, output, error) = await RunRawAsync("syncfiles-export", "run", "--config", sync.SiteConfigPath);

        Assert.True(exitCode == 0, Strict(error));
        var bundle = Path.Combine(sync.Root, "site", Accented, "outbox", "AG01-00000001.zip");
        Assert.Equal(Encoding.UTF8.GetBytes(bundle + "\n"), output);
        Assert.Contains($"Published {bundle}", Strict(error), StringComparison.Ordinal);
        AssertNoBom(error);
    }

    [Fact]
    public async Task The_importer_logs_a_path_with_accents_as_UTF8_without_a_BOM_under_a_Latin1_locale()
    {
        using var sync = ShopSchemas.NewShop();
        var inbox = Path.Combine(sync.Root, "central", Accented);
        Directory.CreateDirectory(inbox);
        SetKey(sync.ServerConfigPath, "inbox", Accented);

        var (exitCode, output, error) = await RunRawAsync("syncfiles-import", "run", "--config", sync.ServerConfigPath);

        Assert.True(exitCode == 0, Strict(error));
        Assert.Empty(output);
        Assert.Contains($"Inbox {inbox} is empty; nothing to do", Strict(error), StringComparison.Ordinal);
        AssertNoBom(error);
    }

    /// <summary>Decodes strictly: a Latin-1 byte where UTF-8 is due fails the test here.</summary>
    private static string Strict(byte[] bytes) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);

    private static void AssertNoBom(byte[] bytes) =>
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the output starts with a UTF-8 byte order mark");

    private static void SetKey(string configPath, string key, string value)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config[key] = value;
        File.WriteAllText(configPath, config.ToJsonString());
    }

    private static async Task<(int ExitCode, byte[] Output, byte[] Error)> RunRawAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(ProgramProcess.DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program + ".dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // .NET takes the console's charset from the locale on Linux: Latin-1 here, as a Windows
        // console has its OEM code page.
        start.Environment["LC_ALL"] = "en_US.ISO-8859-1";
        start.Environment["LANG"] = "en_US.ISO-8859-1";
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        await Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(output, limit.Token),
            process.StandardError.BaseStream.CopyToAsync(error, limit.Token),
            process.WaitForExitAsync(limit.Token));
        return (process.ExitCode, output.ToArray(), error.ToArray());
    }
}
