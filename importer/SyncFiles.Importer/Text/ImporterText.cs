using SyncFiles.Common.Text;

namespace SyncFiles.Importer.Text;

/// <summary>
/// The importer's messages (Text/ImporterMessages.resx, French in ImporterMessages.fr.resx):
/// <c>ImporterText.Get(nameof(ImporterMessages.SomeKey), arguments)</c>. The generated
/// <see cref="ImporterMessages"/> class is used for its key names only, so a misspelled key does not compile.
/// </summary>
internal static class ImporterText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(ImporterMessages.ResourceManager, key, arguments);
}
