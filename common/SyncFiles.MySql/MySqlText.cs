using System.Resources;
using SyncFiles.Common.Text;

namespace SyncFiles.MySql.Text;

/// <summary>
/// The MariaDB/MySQL provider's messages (Text/MySqlMessages.resx, French in MySqlMessages.fr.resx):
/// <c>MySqlText.Get(nameof(MySqlMessages.SomeKey), arguments)</c>.
/// </summary>
internal static class MySqlText
{
    private static readonly ResourceManager Resources = MySqlMessages.ResourceManager;

    public static LocalizedText Get(string key, params object?[] arguments) => new(Resources, key, arguments);
}
