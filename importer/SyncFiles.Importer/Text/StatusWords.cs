using SyncFiles.Common.Bundle;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Status;

namespace SyncFiles.Importer.Text;

/// <summary>
/// The words for a site's state and a bundle's mode as people read them (status text and page,
/// the run's result lines); JSON and the ledger keep the enum names.
/// </summary>
internal static class StatusWords
{
    public static LocalizedText State(SiteState state) => ImporterText.Get(state switch
    {
        SiteState.Ok => nameof(ImporterMessages.StateOk),
        SiteState.Late => nameof(ImporterMessages.StateLate),
        SiteState.Held => nameof(ImporterMessages.StateHeld),
        SiteState.Quarantined => nameof(ImporterMessages.StateQuarantined),
        _ => nameof(ImporterMessages.StateNever),
    });

    public static LocalizedText Mode(BundleMode mode) =>
        ImporterText.Get(mode == BundleMode.Full ? nameof(ImporterMessages.ModeFull) : nameof(ImporterMessages.ModeIncremental));
}
