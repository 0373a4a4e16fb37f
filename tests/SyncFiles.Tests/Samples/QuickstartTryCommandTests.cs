using System.Diagnostics;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Samples;

/// <summary>
/// The quickstart ends with a command to try. After a clone no syncfiles-export is on the PATH, so
/// the command printed must work exactly as printed, from the folder printed with it.
/// </summary>
public sealed class QuickstartTryCommandTests
{
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [Fact]
    public async Task The_command_the_quickstart_suggests_runs_as_printed_from_the_folder_it_names()
    {
        using var directory = new TempDirectory();
        var quickstart = await RunAsync(
            ProgramProcess.DotnetHost,
            [Path.Combine(AppContext.BaseDirectory, "syncfiles-samples.dll"), "quickstart", "--dir", directory.Combine("quickstart"), "--invoices", "50"],
            RepositoryRoot(),
            TimeSpan.FromMinutes(2));
        Assert.True(quickstart.ExitCode == 0, quickstart.ToString());

        var lines = quickstart.Output.Split('\n', StringSplitOptions.TrimEntries);
        var at = Array.FindIndex(lines, l => l.StartsWith("try it (from ", StringComparison.Ordinal));
        Assert.True(at >= 0 && at + 1 < lines.Length, quickstart.ToString());
        var folder = lines[at]["try it (from ".Length..^"):".Length];
        var command = lines[at + 1];
        Assert.StartsWith("dotnet run --project ", command, StringComparison.Ordinal);
        Assert.DoesNotContain("syncfiles-export status", command, StringComparison.Ordinal);

        // As a user types it into a shell, in that folder. dotnet run builds the exporter first
        // when it is not built yet in Debug (CI builds Release): minutes on a busy machine.
        var tried = OperatingSystem.IsWindows()
            ? await RunAsync("cmd.exe", ["/c", command], folder, TimeSpan.FromMinutes(5))
            : await RunAsync("bash", ["-c", command], folder, TimeSpan.FromMinutes(5));

        Assert.True(tried.ExitCode == 0, tried.ToString());
        Assert.Contains("AG01", tried.Output, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunAsync(string program, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A build node left behind by dotnet run would outlive the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
