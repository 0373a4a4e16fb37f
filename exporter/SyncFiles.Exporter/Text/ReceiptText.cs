using SyncFiles.Common.Text;

namespace SyncFiles.Exporter.Text;

/// <summary>
/// The messages of the receipt loop at the site (Text/ReceiptMessages.resx, French in
/// ReceiptMessages.fr.resx), kept apart from <see cref="ExporterText"/>'s so that work on either
/// file does not collide: <c>ReceiptText.Get(nameof(ReceiptMessages.SomeKey), arguments)</c>.
/// </summary>
internal static class ReceiptText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(ReceiptMessages.ResourceManager, key, arguments);
}
