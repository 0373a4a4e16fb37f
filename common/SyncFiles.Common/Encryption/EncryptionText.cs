using SyncFiles.Common.Text;

namespace SyncFiles.Common.Encryption;

/// <summary>The encryption messages (EncryptionMessages.resx, French in EncryptionMessages.fr.resx); the generated class is used for its key names.</summary>
public static class EncryptionText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(EncryptionMessages.ResourceManager, key, arguments);
}
