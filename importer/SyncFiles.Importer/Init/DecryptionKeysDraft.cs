namespace SyncFiles.Importer.Init;

/// <summary>
/// What the drafted server.json says of <c>"decryptionKeys"</c>: set to the keys given with
/// <c>--key</c> (they opened the bundle, or were meant to), else to head office's encryption key
/// where <c>syncfiles-import keygen --out keys</c> puts it beside the configuration, else a
/// commented line saying how to make one. A key that exists is set rather than left commented: it
/// changes nothing for plaintext bundles, and a site that turns on <c>encryptTo</c> is then
/// applied without a change at head office.
/// </summary>
/// <param name="Paths">The keys to set, as server.json names them (relative to its folder where they lie under it); empty when none exists.</param>
/// <param name="Given">True when the keys came from <c>--key</c>, false when found beside the configuration.</param>
/// <param name="BundleKeyId">The key id the bundle was encrypted for; null for a plaintext bundle.</param>
public sealed record DecryptionKeysDraft(IReadOnlyList<string> Paths, bool Given, string? BundleKeyId)
{
    /// <summary>Where keygen's encryption private key lies when made with <c>--out keys</c> beside server.json.</summary>
    public static string ConventionalPath(string configPath, string keyName) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, "keys", keyName + ".private.pem");

    /// <summary>The keys the draft names for a configuration written to <paramref name="configPath"/>.</summary>
    public static DecryptionKeysDraft For(IReadOnlyList<string> givenKeys, string configPath, string keyName, string? bundleKeyId)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        if (givenKeys.Count > 0)
        {
            return new DecryptionKeysDraft(givenKeys.Select(k => AsConfigured(folder, k)).ToList(), Given: true, bundleKeyId);
        }

        var conventional = ConventionalPath(configPath, keyName);
        return File.Exists(conventional)
            ? new DecryptionKeysDraft([AsConfigured(folder, conventional)], Given: false, bundleKeyId)
            : new DecryptionKeysDraft([], Given: false, bundleKeyId);
    }

    /// <summary>Relative to the configuration's folder when the key lies under it (the pair moves with the folder); full otherwise.</summary>
    private static string AsConfigured(string folder, string key)
    {
        var full = Path.GetFullPath(key);
        var relative = Path.GetRelativePath(folder, full);
        var outside = relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative);
        return outside ? full : relative;
    }
}
