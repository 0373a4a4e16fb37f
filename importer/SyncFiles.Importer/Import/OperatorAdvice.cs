using System.Globalization;
using System.Text;
using SyncFiles.Common.Bundle;

namespace SyncFiles.Importer.Import;

/// <summary>
/// The words head office and the people at the sites act on: what happened, to which bundle, site
/// or table, and the exact command that fixes it. The site commands are written out in full
/// (<c>--config site.json</c> included) so they can be read out over the phone and typed as they are.
/// </summary>
public static class OperatorAdvice
{
    /// <summary>The site command that copies archived bundles from <paramref name="from"/> on back into the outbox.</summary>
    public static string ResendCommand(long from, long? to = null) =>
        string.Create(CultureInfo.InvariantCulture, $"syncfiles-export resend --config site.json --from {from}{(to is { } last ? $" --to {last}" : string.Empty)}");

    public const string FullExportCommand = "syncfiles-export run --config site.json --full";

    /// <summary>Why a bundle waits in the inbox, and what brings the missing one.</summary>
    public static string Held(string site, long waitingFor, string? quarantinedPredecessor)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (quarantinedPredecessor is not null)
        {
            return string.Create(invariant,
                $"waits for sequence {waitingFor} of site {site}, which is in quarantine ({quarantinedPredecessor}). Fix what {quarantinedPredecessor}.error.txt says and move that bundle back into the inbox; this one follows it.");
        }

        return string.Create(invariant,
            $"waits for sequence {waitingFor} of site {site}, which has not arrived. At site {site} run \"{ResendCommand(waitingFor)}\" " +
            $"(or \"{FullExportCommand}\" if {waitingFor} is no longer archived) and bring the new files to the inbox.");
    }

    /// <summary>A bundle that reuses a sequence head office applied from another bundle.</summary>
    public static string ReplayConflict(string fileName, string site, long sequence, long lastApplied) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{fileName} was not applied: site {site} numbered it {sequence}, a sequence it had already used. This happens when the site's .sync_state.json was deleted, " +
            $"restored from an old backup or copied from another site (to start a site over, \"syncfiles-export reset --config site.json\" is the safe way: it keeps the numbering). " +
            $"Head office has applied site {site} up to sequence {lastApplied}. At the site, follow \"The state file is lost\" in docs/operations.md so that the next bundle is numbered {lastApplied + 1} or higher, " +
            $"then run \"{FullExportCommand}\". This file can then be deleted.");

    /// <summary>A bundle named like a site's sequence: the command that puts a fresh copy of it in the site's outbox.</summary>
    public static string FreshCopy(string fileName)
    {
        if (BundleFileName.TryParse(fileName, out var site, out var sequence))
        {
            return $"Get a fresh copy from the site: at site {site} run \"{ResendCommand(sequence, sequence)}\", then bring {fileName} and its .sig (if any) to the inbox.";
        }

        return $"Get a fresh copy of {fileName} from the site's outbox (or its archive folder) and bring it, with its .sig if any, to the inbox.";
    }

    /// <summary>The text of <c>quarantine/&lt;bundle&gt;.error.txt</c>.</summary>
    /// <summary>The line of a <c>.error.txt</c> after which the reason comes (status shows that line).</summary>
    public const string ReasonHeading = "What happened and what to do:";

    /// <summary>The line of a <c>.error.txt</c> that quotes the refused value (never shown by <c>status</c>).</summary>
    public const string RefusedValueHeading = "The refused value (its first 40 characters at most):";

    public static string ErrorFile(string fileName, string? site, long sequence, string reason, bool damaged, bool holdsLaterBundles, DateTimeOffset now, string? refusedValue = null)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(invariant, $"{fileName} was put in quarantine on {now:yyyy-MM-dd HH:mm:ss} UTC. Nothing in it was applied.");
        if (site is not null)
        {
            text.AppendLine(invariant, $"Site {site}, sequence {sequence}.");
        }

        text.AppendLine();
        text.AppendLine(ReasonHeading);
        text.AppendLine(reason);
        if (refusedValue is not null)
        {
            // Customer data: only here, in a file created owner-only, never in the log or the status.
            text.AppendLine();
            text.AppendLine(RefusedValueHeading);
            text.AppendLine(invariant, $"'{refusedValue}'");
        }

        if (damaged)
        {
            text.AppendLine();
            text.AppendLine("If the file was damaged or cut short on the way: " + FreshCopy(fileName));
        }

        if (site is not null && holdsLaterBundles)
        {
            text.AppendLine();
            text.AppendLine(invariant, $"Later bundles of site {site} wait in the inbox (held) until sequence {sequence} is applied. Once the cause is fixed, move {fileName} (and {fileName}.sig if there is one) from quarantine/ back into the inbox and run syncfiles-import run again.");
        }

        return text.ToString();
    }
}
