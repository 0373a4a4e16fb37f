using System.Security.Cryptography;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// Head office's encryption private keys, by key id: several at once so that bundles encrypted
/// for the old key still open while sites move to the new one (docs/security.md, rotation).
/// </summary>
public sealed class DecryptionKeyRing : IDisposable
{
    private readonly Dictionary<string, ECDiffieHellman> _keys;

    private DecryptionKeyRing(Dictionary<string, ECDiffieHellman> keys, List<string> keyIds)
    {
        _keys = keys;
        KeyIds = keyIds;
    }

    /// <summary>The key ids held, in the order the files were given.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>
    /// Loads private key PEM files; a missing, unreadable, public or non-P-256 key is a
    /// <see cref="ConfigurationException"/>. The same key given twice is held once.
    /// </summary>
    public static DecryptionKeyRing Load(IEnumerable<string> privatePemPaths)
    {
        ArgumentNullException.ThrowIfNull(privatePemPaths);
        var keys = new Dictionary<string, ECDiffieHellman>(StringComparer.Ordinal);
        var ids = new List<string>();
        try
        {
            foreach (var path in privatePemPaths)
            {
                var key = EncryptionKeys.LoadPrivate(path);
                var id = EncryptionKeys.KeyId(key);
                if (!keys.TryAdd(id, key))
                {
                    key.Dispose();
                    continue;
                }

                ids.Add(id);
            }
        }
        catch
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }

            throw;
        }

        return new DecryptionKeyRing(keys, ids);
    }

    public bool Contains(string keyId) => _keys.ContainsKey(keyId);

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    internal bool TryGet(string keyId, out ECDiffieHellman key) => _keys.TryGetValue(keyId, out key!);
}
