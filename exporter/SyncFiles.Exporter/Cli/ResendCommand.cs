using System.CommandLine;
using SyncFiles.Exporter.Export;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// <c>syncfiles-export resend --config site.json --from N [--to M]</c>: puts archived bundles (and
/// their signatures) back into the outbox, for the courier to take to head office again.
/// </summary>
public static class ResendCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var configOption = new Option<string>("--config", "-c") { Description = "The site configuration file (JSON).", Required = true };
        var fromOption = new Option<long>("--from") { Description = "The first sequence to send again (the one head office says it waits for).", Required = true };
        var toOption = new Option<long?>("--to") { Description = "The last sequence to send again. Default: the newest archived bundle." };
        var command = new Command("resend", "Copy bundles kept in the archive back into the outbox, so they can be taken to head office again.")
        {
            configOption, fromOption, toOption,
        };

        command.SetAction((parse, ct) => SiteCommand.RunAsync(error, parse.GetValue(configOption)!, "Bundles not listed as copied were not copied.", async (settings, log) =>
        {
            var items = BundleResend.Run(settings, parse.GetValue(fromOption), parse.GetValue(toOption), TimeProvider.System);
            foreach (var item in items)
            {
                var signature = item.Signed ? " (with its .sig)" : string.Empty;
                await output.WriteLineAsync(item.Copied
                    ? $"copied      {item.FileName}{signature} into {settings.OutboxDirectory}"
                    : $"in outbox   {item.FileName} was there already");
            }

            var copied = items.Count(i => i.Copied);
            log.Information("Resend: {Copied} bundle(s) copied from the archive into the outbox, {Present} already there", copied, items.Count - copied);
            await output.WriteLineAsync(items.Any(i => i.Signed)
                ? "Take them, with their .sig files, to head office's inbox as usual; bundles it has already applied are filed as duplicates."
                : "Take them to head office's inbox as usual; bundles it has already applied are filed as duplicates.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
