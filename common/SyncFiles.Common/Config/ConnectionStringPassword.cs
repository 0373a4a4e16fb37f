using System.Data.Common;

namespace SyncFiles.Common.Config;

/// <summary>
/// Whether a connection string carries a password, for the credential advice <c>init</c> writes
/// into a draft beside it (both programs' drafts ask the same question of their connection).
/// </summary>
public static class ConnectionStringPassword
{
    /// <summary>True with a <c>Password</c> or <c>Pwd</c> key, false without; null when the text does not parse as a connection string (no advice then).</summary>
    public static bool? IsGiven(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return null;
        }

        return builder.ContainsKey("password") || builder.ContainsKey("pwd");
    }
}
