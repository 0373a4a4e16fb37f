using System.CommandLine;
using SyncFiles.Exporter.Export;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// <c>syncfiles-export reset --config site.json [--table T ...] [--yes]</c>: what used to be done by
/// deleting <c>.sync_state.json</c>, without its danger. It shows what will happen and asks the
/// person at the terminal to type the site id; without a terminal it needs <c>--yes</c>.
/// </summary>
public static class ResetCommand
{
    public static Command Create(TextWriter output, TextWriter error, ConfirmationInput input)
    {
        var configOption = new Option<string>("--config", "-c") { Description = "The site configuration file (JSON).", Required = true };
        var tableOption = new Option<string[]>("--table")
        {
            Description = "Reset only this transaction table (repeat for several). Default: every table, and the next bundle is full.",
            AllowMultipleArgumentsPerToken = false,
        };
        var yesOption = new Option<bool>("--yes") { Description = "Do it without asking (needed when there is no terminal, e.g. in a script)." };
        var command = new Command(
            "reset",
            "Start the site's export over without deleting the state file: clear the watermarks so the next run exports in full, keep the bundle numbering, back up the old state.")
        {
            configOption, tableOption, yesOption,
        };

        command.SetAction((parse, ct) => SiteCommand.RunAsync(error, parse.GetValue(configOption)!, "The state file was not changed.", async (settings, log) =>
        {
            var reset = SiteReset.Plan(settings, parse.GetValue(tableOption) ?? [], TimeProvider.System, log);
            await output.WriteAsync(reset.Describe());
            if (!parse.GetValue(yesOption))
            {
                if (!input.IsTerminal)
                {
                    await error.WriteLineAsync("Not reset: there is no terminal to confirm at. Run it again with --yes to reset without asking. The state file was not changed.");
                    return ExitCodes.UsageOrConfiguration;
                }

                await output.WriteAsync($"Type the site id ({reset.SiteId}) to reset, anything else cancels: ");
                await output.FlushAsync(ct);
                var answer = (await input.Reader.ReadLineAsync(ct))?.Trim();
                if (!string.Equals(answer, reset.SiteId, StringComparison.OrdinalIgnoreCase))
                {
                    await error.WriteLineAsync("Not reset: cancelled. The state file was not changed.");
                    return ExitCodes.UsageOrConfiguration;
                }
            }

            var backup = reset.Apply();
            await output.WriteLineAsync($"Reset done; the previous state is saved as {backup}.");
            var what = reset.Tables is null ? "every table" : string.Join(", ", reset.Tables);
            await output.WriteLineAsync($"The next run (syncfiles-export run --config {settings.ConfigPath}) makes bundle {reset.NextSequence} with {what} in full. Send it to head office as usual.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
