using SyncFiles.Common.Text;

namespace SyncFiles.Common;

/// <summary>
/// The word for the database a connection message is about, "source" (a site's database) or
/// "target" (the central one), in the reader's language: "la base centrale" reads better in French
/// than a translated "target".
/// </summary>
public static class ConnectionRole
{
    public static LocalizedText Of(string role) =>
        CommonText.Get(role == "source" ? nameof(CommonMessages.RoleSource) : nameof(CommonMessages.RoleTarget));
}
