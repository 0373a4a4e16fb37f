using System.CommandLine;
using SyncFiles.Common.Cli;
using SyncFiles.Exporter.Export;
using SyncFiles.Exporter.Text;

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
        var configOption = new Option<string>(ConfigOptionNames.Long, ConfigOptionNames.Short) { Description = ExporterText.Get(nameof(ExporterMessages.ConfigOption)).Display, Required = true };
        var tableOption = new Option<string[]>("--table")
        {
            Description = ExporterText.Get(nameof(ExporterMessages.ResetTableOption)).Display,
            AllowMultipleArgumentsPerToken = false,
        };
        var yesOption = new Option<bool>("--yes") { Description = ExporterText.Get(nameof(ExporterMessages.ResetYesOption)).Display };
        var command = new Command(
            "reset",
            ExporterText.Get(nameof(ExporterMessages.ResetCommand)).Display)
        {
            configOption, tableOption, yesOption,
        };

        command.SetAction((parse, ct) => SiteCommand.RunAsync(error, parse.GetValue(configOption)!, ExporterText.Get(nameof(ExporterMessages.ResetUnchanged)), async (settings, log) =>
        {
            var reset = SiteReset.Plan(settings, parse.GetValue(tableOption) ?? [], TimeProvider.System, log);
            await output.WriteAsync(reset.Describe());
            if (!parse.GetValue(yesOption))
            {
                if (!input.IsTerminal)
                {
                    await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.ResetNoTerminal)).Display);
                    return ExitCodes.UsageOrConfiguration;
                }

                await output.WriteAsync(ExporterText.Get(nameof(ExporterMessages.ResetPrompt), reset.SiteId).Display);
                await output.FlushAsync(ct);
                var answer = (await input.Reader.ReadLineAsync(ct))?.Trim();
                if (!string.Equals(answer, reset.SiteId, StringComparison.OrdinalIgnoreCase))
                {
                    await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.ResetCancelled)).Display);
                    return ExitCodes.UsageOrConfiguration;
                }
            }

            var backup = reset.Apply();
            await output.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.ResetDone), backup).Display);
            var next = reset.Tables is null
                ? ExporterText.Get(nameof(ExporterMessages.ResetNextRunAll), settings.ConfigPath, reset.NextSequence)
                : ExporterText.Get(nameof(ExporterMessages.ResetNextRunTables), settings.ConfigPath, reset.NextSequence, string.Join(", ", reset.Tables));
            await output.WriteLineAsync(next.Display);
            return ExitCodes.Success;
        }));
        return command;
    }
}
