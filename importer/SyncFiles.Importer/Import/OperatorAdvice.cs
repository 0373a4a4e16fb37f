using System.Globalization;
using System.Text;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

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
    public static LocalizedText Held(string site, long waitingFor, string? quarantinedPredecessor) =>
        quarantinedPredecessor is not null
            ? ImporterText.Get(nameof(ImporterMessages.AdviceHeldQuarantined), waitingFor, site, quarantinedPredecessor)
            : ImporterText.Get(nameof(ImporterMessages.AdviceHeldMissing), waitingFor, site, ResendCommand(waitingFor), FullExportCommand);

    /// <summary>A bundle that reuses a sequence head office applied from another bundle.</summary>
    public static LocalizedText ReplayConflict(string fileName, string site, long sequence, long lastApplied) =>
        ImporterText.Get(nameof(ImporterMessages.AdviceReplayConflict), fileName, site, sequence, lastApplied, lastApplied + 1, FullExportCommand);

    /// <summary>A bundle named like a site's sequence: the command that puts a fresh copy of it in the site's outbox.</summary>
    public static LocalizedText FreshCopy(string fileName) =>
        BundleFileName.TryParse(fileName, out var site, out var sequence)
            ? ImporterText.Get(nameof(ImporterMessages.AdviceFreshCopySite), site, ResendCommand(sequence, sequence), fileName)
            : ImporterText.Get(nameof(ImporterMessages.AdviceFreshCopy), fileName);

    /// <summary>The line of a <c>.error.txt</c> after which the reason comes (status shows that line), in English.</summary>
    public static string ReasonHeading => ReasonHeadingText.English;

    /// <summary>The heading before the reason, in each language (a French file has both, the French first).</summary>
    public static LocalizedText ReasonHeadingText => ImporterText.Get(nameof(ImporterMessages.ErrorFileReasonHeading));

    /// <summary>The line of a <c>.error.txt</c> that names the verified site and sequence (status attributes the bundle by it).</summary>
    public static LocalizedText SiteLine(string site, long sequence) => ImporterText.Get(nameof(ImporterMessages.ErrorFileSite), site, sequence);

    /// <summary>
    /// The text of <c>quarantine/&lt;bundle&gt;.error.txt</c>, in the language of this run; when that is
    /// not English, the English text follows it, so support can search it.
    /// </summary>
    public static string ErrorFile(string fileName, string? site, long sequence, LocalizedText reason, bool damaged, bool holdsLaterBundles, DateTimeOffset now, string? refusedValue = null)
    {
        var shown = UiLanguage.Current;
        if (shown.Equals(UiLanguage.English))
        {
            return ErrorFileIn(shown, fileName, site, sequence, reason, damaged, holdsLaterBundles, now, refusedValue);
        }

        // The refused value (customer data) is quoted once, in the reader's part.
        var english = ImporterText.Get(nameof(ImporterMessages.ErrorFileEnglishBelow));
        return ErrorFileIn(shown, fileName, site, sequence, reason, damaged, holdsLaterBundles, now, refusedValue)
            + "\n" + english.In(shown) + "\n\n" + ErrorFileIn(UiLanguage.English, fileName, site, sequence, reason, damaged, holdsLaterBundles, now, refusedValue: null);
    }

    private static string ErrorFileIn(CultureInfo language, string fileName, string? site, long sequence, LocalizedText reason, bool damaged, bool holdsLaterBundles, DateTimeOffset now, string? refusedValue)
    {
        var text = new StringBuilder();
        text.AppendLine(ImporterText.Get(nameof(ImporterMessages.ErrorFileQuarantined), fileName, now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).In(language));
        if (site is not null)
        {
            text.AppendLine(SiteLine(site, sequence).In(language));
        }

        text.AppendLine();
        text.AppendLine(ReasonHeadingText.In(language));
        text.AppendLine(reason.In(language));
        if (refusedValue is not null)
        {
            // Customer data: only here, in a file created owner-only, never in the log or the status.
            text.AppendLine();
            text.AppendLine(ImporterText.Get(nameof(ImporterMessages.ErrorFileRefusedValueHeading)).In(language));
            text.AppendLine(CultureInfo.InvariantCulture, $"'{refusedValue}'");
        }

        if (damaged)
        {
            text.AppendLine();
            text.AppendLine(ImporterText.Get(nameof(ImporterMessages.ErrorFileDamaged), FreshCopy(fileName)).In(language));
        }

        if (site is not null && holdsLaterBundles)
        {
            text.AppendLine();
            text.AppendLine(ImporterText.Get(nameof(ImporterMessages.ErrorFileHoldsLater), site, sequence, fileName).In(language));
        }

        return text.ToString();
    }
}
