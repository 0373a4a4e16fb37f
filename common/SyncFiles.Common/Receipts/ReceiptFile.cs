using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncFiles.Common.IO;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Receipts;

/// <summary>
/// Writes and reads <c>&lt;SITE&gt;.receipt.json</c>:
/// <c>{"receipt":{…},"signature":{"keyId":…,"algorithm":"ECDSA-P256-SHA256","value":…}}</c>, or
/// <c>"signature":null</c> when head office has no signing key. The signature lives in the same
/// file because two files cannot be replaced atomically together, and it covers the exact bytes of
/// the <c>receipt</c> value as written, so the reader verifies before it deserializes anything.
/// </summary>
public static class ReceiptFile
{
    /// <summary>A receipt is a few kilobytes; anything above this is refused before parsing.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Entries beyond these are left out of a receipt so it always stays well under <see cref="MaxFileBytes"/>.</summary>
    public const int MaxListEntries = 1000;

    private const int SignatureBytes = 64;

    // Text as UTF-8 rather than \uXXXX escapes: a person can read a French reason, and the
    // signature's base64 '+' and '/' stand as themselves, so it has exactly one spelling.
    private static readonly ReceiptJsonContext Json = new(new JsonSerializerOptions(ReceiptJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>
    /// Replaces <paramref name="path"/> atomically with <paramref name="receipt"/>, signed by
    /// <paramref name="signingKey"/> when one is given. The folder must exist.
    /// </summary>
    public static void Write(string path, Receipt receipt, ECDsa? signingKey)
    {
        AtomicFile.WriteAllBytes(path, ToBytes(receipt, signingKey));
    }

    /// <summary>The file's bytes, exactly as <see cref="Write"/> stores them.</summary>
    public static byte[] ToBytes(Receipt receipt, ECDsa? signingKey)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(receipt, Json.Receipt);
        byte[] signature = signingKey is null
            ? "null"u8.ToArray()
            : JsonSerializer.SerializeToUtf8Bytes(Sign(body, signingKey), Json.ReceiptSignature);

        using var file = new MemoryStream(body.Length + signature.Length + 32);
        file.Write("{\"receipt\":"u8);
        file.Write(body);
        file.Write(",\"signature\":"u8);
        file.Write(signature);
        file.Write("}"u8);
        if (file.Length > MaxFileBytes)
        {
            throw new ArgumentException($"A receipt for site {receipt.Site} would be {file.Length} bytes, above the {MaxFileBytes} a site accepts; keep each list to {MaxListEntries} entries.", nameof(receipt));
        }

        return file.ToArray();
    }

    /// <summary>
    /// Reads and checks a receipt. With <paramref name="expectedKey"/> (the site's
    /// <c>headOfficeKey</c>) only a receipt signed by that key is usable; without it the receipt is
    /// read unchecked (<see cref="ReceiptReadStatus.Unsigned"/>), signed or not.
    /// </summary>
    /// <exception cref="FileNotFoundException">No receipt there (yet).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder is missing.</exception>
    /// <exception cref="IOException">The file cannot be read now (locked, a share gone): try again next run.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read by this account.</exception>
    public static ReceiptReadResult Read(string path, ECDsa? expectedKey) => Check(ReadContents(path), expectedKey);

    /// <summary>
    /// A receipt file's bytes, read once, at most <see cref="MaxFileBytes"/> + 1 of them (a larger
    /// file is refused whatever it says), so one reading can be both hashed and checked: head
    /// office may replace the file at any moment, and two readings could meet two receipts.
    /// </summary>
    /// <inheritdoc cref="Read" path="/exception"/>
    public static Contents ReadContents(string path)
    {
        // Readers share everything so head office can replace the file while a site reads it.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[MaxFileBytes + 1];
        var length = 0;
        int read;
        while (length < bytes.Length && (read = stream.Read(bytes, length, bytes.Length - length)) > 0)
        {
            length += read;
        }

        return new Contents(bytes.AsSpan(0, length).ToArray(), Math.Max(stream.Length, length));
    }

    /// <summary>Checks what <see cref="ReadContents"/> read (see <see cref="Read"/>).</summary>
    public static ReceiptReadResult Check(Contents file, ECDsa? expectedKey)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.FileLength > MaxFileBytes ? TooLarge(file.FileLength) : Parse(file.Bytes, expectedKey);
    }

    /// <summary>A receipt file as read: its bytes (at most <see cref="MaxFileBytes"/> + 1) and the file's length.</summary>
    public sealed record Contents(byte[] Bytes, long FileLength)
    {
        /// <summary>SHA-256 of the bytes read, lower-case hex: how a site knows a receipt it has acted on already.</summary>
        public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));
    }

    /// <summary>Checks a receipt file's bytes (see <see cref="Read"/>).</summary>
    public static ReceiptReadResult Parse(ReadOnlySpan<byte> file, ECDsa? expectedKey)
    {
        if (file.Length > MaxFileBytes)
        {
            return TooLarge(file.Length);
        }

        if (file.IsEmpty)
        {
            return Damaged(T(nameof(ReceiptMessages.Empty)));
        }

        // A receipt opened and saved by an editor on Windows may gain a byte order mark.
        if (file.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            file = file[3..];
        }

        if (!TrySplit(file, out var body, out var signatureJson, out var problem))
        {
            return Damaged(problem);
        }

        if (expectedKey is not null)
        {
            var refusal = CheckSignature(body, signatureJson, expectedKey);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        Receipt? receipt;
        try
        {
            receipt = JsonSerializer.Deserialize(body, Json.Receipt);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Damaged(T(nameof(ReceiptMessages.NotInFormat), OneLine(ex.Message)));
        }

        var invalid = receipt is null ? T(nameof(ReceiptMessages.NullBody)) : Problem(receipt);
        return invalid is not null
            ? Damaged(invalid)
            : ReceiptReadResult.Accepted(expectedKey is null ? ReceiptReadStatus.Unsigned : ReceiptReadStatus.Ok, receipt!);
    }

    private static ReceiptSignature Sign(byte[] body, ECDsa key) => new()
    {
        KeyId = SigningKeys.KeyId(key),
        Algorithm = ReceiptSignature.EcdsaP256Sha256,
        Value = Convert.ToBase64String(key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
    };

    /// <summary>Finds the raw bytes of the <c>receipt</c> value and of the <c>signature</c> value ("null" when unsigned).</summary>
    private static bool TrySplit(ReadOnlySpan<byte> file, out ReadOnlySpan<byte> body, out ReadOnlySpan<byte> signature, out LocalizedText problem)
    {
        body = default;
        signature = default;
        problem = T(nameof(ReceiptMessages.NotAnObject));
        var seenBody = false;
        var seenSignature = false;
        try
        {
            var reader = new Utf8JsonReader(file, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = T(nameof(ReceiptMessages.NotAnObject));
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isBody = reader.ValueTextEquals("receipt"u8);
                var isSignature = reader.ValueTextEquals("signature"u8);
                if ((!isBody && !isSignature) || (isBody && seenBody) || (isSignature && seenSignature))
                {
                    problem = T(nameof(ReceiptMessages.UnexpectedProperty));
                    return false;
                }

                reader.Read();
                if (isBody && reader.TokenType != JsonTokenType.StartObject)
                {
                    problem = T(nameof(ReceiptMessages.BodyNotAnObject));
                    return false;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var value = file[start..(int)reader.BytesConsumed];
                if (isBody)
                {
                    body = value;
                    seenBody = true;
                }
                else
                {
                    signature = value;
                    seenSignature = true;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                problem = T(nameof(ReceiptMessages.NotAnObject));
                return false;
            }

            // Anything after the closing brace (other than white space) makes the reader throw.
            if (reader.Read())
            {
                problem = T(nameof(ReceiptMessages.ContentAfterEnd));
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: text that is not UTF-8 inside a string.
            problem = T(nameof(ReceiptMessages.NotJson), OneLine(ex.Message));
            return false;
        }

        if (!seenBody || !seenSignature)
        {
            problem = T(nameof(ReceiptMessages.MissingProperty), seenBody ? "signature" : "receipt");
            return false;
        }

        return true;
    }

    private static ReceiptReadResult? CheckSignature(ReadOnlySpan<byte> body, ReadOnlySpan<byte> signatureJson, ECDsa expectedKey)
    {
        // Key id, algorithm and base64 never need an escape; one would give the same signature
        // a second spelling.
        if (signatureJson.Contains((byte)'\\'))
        {
            return ReceiptReadResult.Refused(ReceiptReadStatus.BadSignature, T(nameof(ReceiptMessages.SignatureEscaped)));
        }

        ReceiptSignature? signature;
        try
        {
            signature = JsonSerializer.Deserialize(signatureJson, Json.ReceiptSignature);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ReceiptReadResult.Refused(ReceiptReadStatus.BadSignature, T(nameof(ReceiptMessages.SignatureMalformed), OneLine(ex.Message)));
        }

        if (signature is null)
        {
            return ReceiptReadResult.Refused(ReceiptReadStatus.BadSignature, T(nameof(ReceiptMessages.NotSigned)));
        }

        if (!string.Equals(signature.Algorithm, ReceiptSignature.EcdsaP256Sha256, StringComparison.Ordinal))
        {
            return ReceiptReadResult.Refused(ReceiptReadStatus.BadSignature, T(nameof(ReceiptMessages.Algorithm), signature.Algorithm, ReceiptSignature.EcdsaP256Sha256));
        }

        var value = new byte[SignatureBytes];
        // Canonical base64 only: unused low bits in the last character would otherwise let two
        // different files carry the same signature.
        if (!Convert.TryFromBase64String(signature.Value, value, out var written) || written != SignatureBytes
            || !string.Equals(Convert.ToBase64String(value), signature.Value, StringComparison.Ordinal))
        {
            return ReceiptReadResult.Refused(ReceiptReadStatus.BadSignature, T(nameof(ReceiptMessages.SignatureNotBase64)));
        }

        var verifies = expectedKey.VerifyData(body, value, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var expectedId = SigningKeys.KeyId(expectedKey);
        var sameId = string.Equals(signature.KeyId, expectedId, StringComparison.Ordinal);
        if (verifies)
        {
            // The bytes are head office's, but the key id beside them was altered on the way.
            return sameId ? null : Damaged(T(nameof(ReceiptMessages.KeyIdAltered), signature.KeyId, expectedId));
        }

        return sameId
            ? ReceiptReadResult.Refused(ReceiptReadStatus.BadSignature, T(nameof(ReceiptMessages.SignatureMismatch)))
            : ReceiptReadResult.Refused(ReceiptReadStatus.WrongKey, T(nameof(ReceiptMessages.WrongKey), signature.KeyId, expectedId));
    }

    /// <summary>Null when the body follows the format; otherwise why not.</summary>
    private static LocalizedText? Problem(Receipt receipt)
    {
        if (!string.Equals(receipt.Format, Receipt.CurrentFormat, StringComparison.Ordinal))
        {
            return T(nameof(ReceiptMessages.FormatUnsupported), receipt.Format, Receipt.CurrentFormat);
        }

        if (string.IsNullOrWhiteSpace(receipt.Site))
        {
            return T(nameof(ReceiptMessages.NoSite));
        }

        if (receipt.Counter < 1 || receipt.AppliedThrough < 0 || receipt.WaitingFor is < 1)
        {
            return T(nameof(ReceiptMessages.NumbersOutOfRange));
        }

        if (receipt.Applied.Any(a => a.Sequence < 1 || !Enum.IsDefined(a.Outcome))
            || receipt.Held.Any(h => h < 1)
            || receipt.Quarantined.Any(q => q.Sequence < 1 || !Enum.IsDefined(q.Damage)))
        {
            return T(nameof(ReceiptMessages.ListOutOfRange));
        }

        return null;
    }

    private static ReceiptReadResult TooLarge(long length) =>
        ReceiptReadResult.Refused(ReceiptReadStatus.TooLarge, T(nameof(ReceiptMessages.TooLarge), length, MaxFileBytes));

    private static ReceiptReadResult Damaged(LocalizedText reason) => ReceiptReadResult.Refused(ReceiptReadStatus.Damaged, reason);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static LocalizedText T(string key, params object?[] arguments) => ReceiptText.Get(key, arguments);
}

// Unknown properties in the body are skipped: a later head office may add information a site of
// this version does not need; a change of meaning gets a new "format".
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    MaxDepth = 8)]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(ReceiptSignature))]
internal sealed partial class ReceiptJsonContext : JsonSerializerContext;
