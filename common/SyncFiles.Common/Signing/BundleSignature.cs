using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Signing;

/// <summary>
/// The detached signature written beside a bundle as <c>&lt;bundle&gt;.sig</c>: ECDSA P-256 over
/// SHA-256 of a short statement binding the whole bundle file's SHA-256 to its site, sequence and
/// signing key (docs/security.md). It is checked over the raw file bytes before any archive or CSV
/// parser reads the bundle.
/// </summary>
public sealed record BundleSignature
{
    public const int CurrentFormatVersion = 1;

    /// <summary>A signature file is a few hundred bytes; anything larger is refused unread.</summary>
    public const int MaxFileBytes = 16 * 1024;

    public const string Extension = ".sig";

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required string SiteId { get; init; }

    public required long Sequence { get; init; }

    /// <summary>Identifies the public key: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public required string KeyId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the whole bundle file.</summary>
    public required string BundleSha256 { get; init; }

    /// <summary>Base64 of the 64-byte IEEE P1363 ECDSA signature of <see cref="Statement"/>.</summary>
    public required string Signature { get; init; }

    /// <summary>The exact bytes that are signed.</summary>
    public static byte[] Statement(string siteId, long sequence, string keyId, string bundleSha256) => Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"syncfiles-bundle-signature-v1\nsite={siteId}\nsequence={sequence}\nkey={keyId}\nsha256={bundleSha256}\n"));

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, BundleSignatureJsonContext.Default.BundleSignature);

    public static BundleSignature Parse(ReadOnlySpan<byte> json, string file)
    {
        if (json.Length > MaxFileBytes)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgSignatureTooLarge), file, MaxFileBytes, json.Length));
        }

        try
        {
            var signature = JsonSerializer.Deserialize(json, BundleSignatureJsonContext.Default.BundleSignature)
                ?? throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgSignatureEmpty), file));
            if (signature.FormatVersion != CurrentFormatVersion)
            {
                throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgSignatureVersion), file, signature.FormatVersion));
            }

            return signature;
        }
        catch (JsonException ex)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgSignatureInvalid), file, ex.Message), ex);
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 4)]
[JsonSerializable(typeof(BundleSignature))]
internal sealed partial class BundleSignatureJsonContext : JsonSerializerContext;
