namespace SyncFiles.Common.Receipts;

/// <summary>
/// The signature embedded in a receipt file: ECDSA P-256 over SHA-256 of the exact UTF-8 bytes of
/// the <c>receipt</c> value as they stand in the file (IEEE P1363, base64).
/// </summary>
public sealed record ReceiptSignature
{
    public const string EcdsaP256Sha256 = "ECDSA-P256-SHA256";

    /// <summary>The signing key's id (<see cref="Signing.SigningKeys.KeyId"/>).</summary>
    public required string KeyId { get; init; }

    public required string Algorithm { get; init; }

    public required string Value { get; init; }
}
