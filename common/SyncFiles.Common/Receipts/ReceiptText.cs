using SyncFiles.Common.Text;

namespace SyncFiles.Common.Receipts;

/// <summary>The receipt messages (ReceiptMessages.resx, French in ReceiptMessages.fr.resx); the generated class is used for its key names.</summary>
internal static class ReceiptText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(ReceiptMessages.ResourceManager, key, arguments);
}
