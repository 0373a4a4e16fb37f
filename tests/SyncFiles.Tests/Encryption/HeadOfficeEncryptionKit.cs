using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Signing;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// Head office's side of encrypted bundles in tests: real key files (made by the library's own
/// key-pair writer), server.json edited as a person would, and encrypted (and signed) bundles made
/// from a real exported bundle with the real <see cref="EncryptingStream"/>, so the header may name
/// what a test needs (another site or sequence than the content).
/// </summary>
internal static class HeadOfficeEncryptionKit
{
    /// <summary>A new encryption pair <c>NAME.private.pem</c> / <c>NAME.public.pem</c> in <paramref name="directory"/>.</summary>
    public static SyncFiles.Common.Signing.KeyPairFiles.Created NewPair(string directory, string name) => EncryptionKeyPairFiles.Create(directory, name);

    /// <summary>Rewrites server.json with a change (what an operator would edit).</summary>
    public static void EditServer(SyncFixture sync, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(sync.ServerConfigPath))!.AsObject();
        change(json);
        File.WriteAllText(sync.ServerConfigPath, json.ToJsonString());
    }

    /// <summary>Lists <paramref name="privateKeys"/> as server.json's <c>decryptionKeys</c>.</summary>
    public static void UseKeys(SyncFixture sync, params string[] privateKeys) =>
        EditServer(sync, json => json["decryptionKeys"] = new JsonArray([.. privateKeys.Select(k => (JsonNode)JsonValue.Create(k))]));

    /// <summary>Sets a site's (or, with null, the server's) <c>requireEncryption</c>.</summary>
    public static void RequireEncryption(SyncFixture sync, string? siteId)
    {
        EditServer(sync, json =>
        {
            if (siteId is null)
            {
                json["requireEncryption"] = true;
                return;
            }

            foreach (var site in json["sites"]!.AsArray())
            {
                if ((string?)site!["id"] == siteId)
                {
                    site["requireEncryption"] = true;
                }
            }
        });
    }

    /// <summary>Encrypts a plain bundle for a head-office public key into <paramref name="target"/>; the header names <paramref name="siteId"/> and <paramref name="sequence"/>.</summary>
    public static string Encrypt(string plainBundle, string publicKey, string target, string siteId, long sequence)
    {
        using var recipient = EncryptionRecipient.Load(publicKey);
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
        using (var encrypting = new EncryptingStream(output, recipient, siteId, sequence))
        using (var input = File.OpenRead(plainBundle))
        {
            input.CopyTo(encrypting);
        }

        return target;
    }

    /// <summary>Writes <c>&lt;file&gt;.sig</c> for the file's bytes as they are, signed for <paramref name="siteId"/> and <paramref name="sequence"/>.</summary>
    public static void Sign(string file, ECDsa siteKey, string siteId, long sequence)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        File.WriteAllBytes(file + BundleSignature.Extension, BundleSigner.Sign(siteKey, siteId, sequence, sha256).ToJson());
    }

    /// <summary>A site signing key whose public half is the site's <c>publicKey</c> in server.json.</summary>
    public static ECDsa SiteSigningKey(SyncFixture sync, string keysDirectory)
    {
        var key = SigningKeys.Create();
        Directory.CreateDirectory(keysDirectory);
        var publicPath = Path.Combine(keysDirectory, sync.SiteId + ".public.pem");
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        EditServer(sync, json =>
        {
            foreach (var site in json["sites"]!.AsArray())
            {
                site!["publicKey"] = publicPath;
            }
        });
        return key;
    }

    /// <summary>The text of the only <c>.error.txt</c> in quarantine.</summary>
    public static string QuarantineReason(SyncFixture sync) => File.ReadAllText(Directory.GetFiles(sync.Quarantine, "*.error.txt").Single());
}
