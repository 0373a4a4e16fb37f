using System.CommandLine;

namespace SyncFiles.Samples;

/// <summary>Runs a command's work, turning its outcome into an exit code and its errors into one line on stderr.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, string commandName, Func<TextWriter, Task> work)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            await work(parseResult.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"{commandName}: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{commandName}: cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // The single place errors are caught: report and exit with a failure code.
            await error.WriteLineAsync($"{commandName} failed: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
