using System.Security.Cryptography;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Signing;

/// <summary>
/// The machine cannot make or use ECDSA P-256 keys: on Linux the OpenSSL library .NET needs is
/// missing or too old; on an old or stripped-down Windows the algorithm is not offered. No retry
/// cures it: a person installs what is missing or makes the key on another machine.
/// </summary>
public sealed class SigningUnavailableException : SyncFilesException
{
    public SigningUnavailableException(Exception innerException)
        : base(CommonText.Get(nameof(CommonMessages.SigningUnavailable), LocalizedText.Untranslated(innerException.Message.TrimEnd('.'))), innerException)
    {
    }

    /// <summary>
    /// Runs <paramref name="create"/>, turning "the platform has no such crypto" into this exception.
    /// Only a key's creation is guarded: a CryptographicException from it means the algorithm,
    /// never a bad key (that comes later, from importing one).
    /// </summary>
    public static ECDsa Guard(Func<ECDsa> create)
    {
        try
        {
            return create();
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or CryptographicException
            || ex is TypeInitializationException { InnerException: DllNotFoundException or PlatformNotSupportedException })
        {
            throw new SigningUnavailableException(ex);
        }
    }
}
