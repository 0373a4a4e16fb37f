namespace SyncFiles.Common.Text;

/// <summary>
/// The common library's messages (Text/CommonMessages.resx, French in CommonMessages.fr.resx):
/// <c>CommonText.Get(nameof(CommonMessages.SomeKey), arguments)</c>. The generated
/// <see cref="CommonMessages"/> class is used for its key names only, so a misspelled key does not compile.
/// </summary>
public static class CommonText
{
    public static LocalizedText Get(string key, params object?[] arguments) => new(CommonMessages.ResourceManager, key, arguments);
}
