using SyncFiles.Common.Text;

namespace SyncFiles.Importer.Receipts;

/// <summary>Head office's receipt messages (HeadOfficeReceiptMessages.resx, French in its .fr.resx); the generated class is used for its key names.</summary>
internal static class HeadOfficeReceiptText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(HeadOfficeReceiptMessages.ResourceManager, key, arguments);
}
