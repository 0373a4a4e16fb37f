using System.CommandLine;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Logging;
using SyncFiles.Exporter.Export;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// <c>syncfiles-export resend --config site.json --from N [--to M]</c>: puts archived bundles (and
/// their signatures) back into the outbox, for the courier to take to head office again.
/// </summary>
public static class ResendCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var configOption = new Option<string>(ConfigOptionNames.Long, ConfigOptionNames.Short) { Description = ExporterText.Get(nameof(ExporterMessages.ConfigOption)).Display, Required = true };
        var fromOption = new Option<long>("--from") { Description = ExporterText.Get(nameof(ExporterMessages.ResendFromOption)).Display, Required = true };
        var toOption = new Option<long?>("--to") { Description = ExporterText.Get(nameof(ExporterMessages.ResendToOption)).Display };
        var command = new Command("resend", ExporterText.Get(nameof(ExporterMessages.ResendCommand)).Display)
        {
            configOption, fromOption, toOption,
        };

        command.SetAction((parse, ct) => SiteCommand.RunAsync(error, parse.GetValue(configOption)!, ExporterText.Get(nameof(ExporterMessages.ResendUnchanged)), async (settings, log) =>
        {
            var items = BundleResend.Run(settings, parse.GetValue(fromOption), parse.GetValue(toOption), TimeProvider.System);
            foreach (var item in items)
            {
                var line = !item.Copied ? ExporterText.Get(nameof(ExporterMessages.ResendPresent), item.FileName)
                    : item.Signed ? ExporterText.Get(nameof(ExporterMessages.ResendCopiedSigned), item.FileName, settings.OutboxDirectory)
                    : ExporterText.Get(nameof(ExporterMessages.ResendCopied), item.FileName, settings.OutboxDirectory);
                await output.WriteLineAsync(line.Display);
            }

            var copied = items.Count(i => i.Copied);
            log.Information(ExporterText.Get(nameof(ExporterMessages.ResendDone), copied, items.Count - copied));
            await output.WriteLineAsync((items.Any(i => i.Signed) ? ExporterText.Get(nameof(ExporterMessages.ResendTakeSigned)) : ExporterText.Get(nameof(ExporterMessages.ResendTake))).Display);
            return ExitCodes.Success;
        }));
        return command;
    }
}
