using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Bundle;

/// <summary>Reads and writes <c>manifest.json</c>: camelCase names, enums as camelCase strings, strict on input.</summary>
public static class ManifestJson
{
    /// <summary>A manifest is small; anything larger is refused before it is parsed.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static byte[] Serialize(Manifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJsonContext.Default.Manifest);

    public static Manifest Deserialize(ReadOnlySpan<byte> utf8, string file)
    {
        if (utf8.Length > MaxBytes)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgManifestTooLarge), file, utf8.Length, MaxBytes));
        }

        try
        {
            // Strict UTF-8 first: the JSON reader would otherwise accept some invalid sequences in strings.
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(utf8);
            return JsonSerializer.Deserialize(utf8, ManifestJsonContext.Default.Manifest)
                ?? throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgManifestNull), file));
        }
        catch (DecoderFallbackException ex)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgManifestNotUtf8), file), ex);
        }
        catch (JsonException ex)
        {
            throw new BundleFormatException(
                CommonText.Get(nameof(CommonMessages.MsgManifestInvalidAt), file, Manifest.CurrentFormatVersion, HostileInput.Printable(ex.Path ?? "$"), (ex.LineNumber ?? 0) + 1, HostileInput.Printable(ex.Message, 300, asciiOnly: false)),
                ex);
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            // The serializer wraps most failures in JsonException, not all (a value its converter
            // cannot represent, a type it cannot build): any other failure on these bytes is the
            // manifest's fault as well.
            throw new BundleFormatException(
                CommonText.Get(nameof(CommonMessages.MsgManifestInvalid), file, Manifest.CurrentFormatVersion, HostileInput.Describe(ex)),
                ex);
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters = [
        typeof(LowerCaseEnumConverter<BundleMode>),
        typeof(LowerCaseEnumConverter<TableKind>),
        typeof(LowerCaseEnumConverter<ChangeStrategy>),
        typeof(LowerCaseEnumConverter<BundleCompression>),
        typeof(LowerCaseEnumConverter<DeleteMode>),
        typeof(LowerCaseEnumConverter<Schema.PortableType>)],
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(Manifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;

/// <summary>Enums travel as their lower-case names ("full", "datetimeoffset"); numbers are refused.</summary>
public sealed class LowerCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public LowerCaseEnumConverter()
        : base(LowerCaseNamingPolicy.Instance, allowIntegerValues: false)
    {
    }
}

/// <summary>"DateTimeOffset" becomes "datetimeoffset".</summary>
public sealed class LowerCaseNamingPolicy : JsonNamingPolicy
{
    public static LowerCaseNamingPolicy Instance { get; } = new();

    public override string ConvertName(string name) => name.ToLowerInvariant();
}
