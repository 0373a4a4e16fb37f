namespace SyncFiles.Common.Text;

/// <summary>
/// Messages about configuration files and the folders they name (Text/ConfigMessages.resx, French in
/// ConfigMessages.fr.resx): <c>ConfigText.Get(nameof(ConfigMessages.SomeKey), arguments)</c>.
/// </summary>
public static class ConfigText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(ConfigMessages.ResourceManager, key, arguments);
}
