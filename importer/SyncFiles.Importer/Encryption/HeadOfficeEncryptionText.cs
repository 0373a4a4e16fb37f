using SyncFiles.Common.Text;

namespace SyncFiles.Importer.Encryption;

/// <summary>Head office's messages about encrypted bundles (HeadOfficeEncryptionMessages.resx, French in its .fr.resx); the generated class is used for its key names.</summary>
internal static class HeadOfficeEncryptionText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(HeadOfficeEncryptionMessages.ResourceManager, key, arguments);
}
