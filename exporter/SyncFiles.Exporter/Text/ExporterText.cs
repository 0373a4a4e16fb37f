using SyncFiles.Common.Text;

namespace SyncFiles.Exporter.Text;

/// <summary>
/// The exporter's messages (Text/ExporterMessages.resx, French in ExporterMessages.fr.resx):
/// <c>ExporterText.Get(nameof(ExporterMessages.SomeKey), arguments)</c>. The generated
/// <see cref="ExporterMessages"/> class is used for its key names only, so a misspelled key does not compile.
/// </summary>
internal static class ExporterText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(ExporterMessages.ResourceManager, key, arguments);
}
