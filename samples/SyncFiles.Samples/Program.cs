using System.CommandLine;
using System.CommandLine.Invocation;

namespace SyncFiles.Samples;

/// <summary>syncfiles-samples: makes and changes sample shop databases. Exit codes: 0 ok, 1 failure, 2 usage error.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parseResult = BuildRootCommand().Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            var command = parseResult.CommandResult.Command;
            var help = command is RootCommand ? "syncfiles-samples --help" : $"syncfiles-samples {command.Name} --help";
            await Console.Error.WriteLineAsync($"See '{help}'.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync();
    }

    public static RootCommand BuildRootCommand() =>
        new("Sample retail (shop) databases for SyncFiles: generate one, then simulate activity on it.")
        {
            GenerateCommand.Create(),
            ChangeCommand.Create(),
            QuickstartCommand.Create(),
        };
}
