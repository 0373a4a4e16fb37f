using System.Buffers.Binary;
using System.Text;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// The clear header of an encrypted bundle: format version, site and sequence (so head office can
/// file it before decrypting), the recipient key id (to pick the private key) and the ephemeral
/// public key. Every byte of it is the associated data of every chunk: change one and nothing decrypts.
/// </summary>
/// <param name="Version">Format version (1).</param>
/// <param name="SiteId">The site that wrote the bundle.</param>
/// <param name="Sequence">The bundle's sequence number.</param>
/// <param name="RecipientKeyId">16 lower-case hex digits naming head office's encryption key.</param>
/// <param name="Length">The header's length in bytes; chunks start there.</param>
public sealed record EncryptedBundleHeader(int Version, string SiteId, long Sequence, string RecipientKeyId, int Length)
{
    /// <summary>An uncompressed SEC1 P-256 point: 0x04, then X and Y of 32 bytes each.</summary>
    internal const int PointSize = 65;

    // magic, version, chunk size, site id length | site id | sequence, key id, ephemeral point
    private const int FixedPrefix = 8 + 1 + 4 + 1;
    private const int FixedSuffix = 8 + 8 + PointSize;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The header exactly as stored: the associated data of every chunk.</summary>
    internal byte[] Bytes { get; private init; } = [];

    /// <summary>The ephemeral public key as stored (65 bytes, uncompressed point).</summary>
    internal byte[] EphemeralPoint { get; private init; } = [];

    /// <summary>Equal when every header byte is: the same file's header read twice, not two files of one bundle.</summary>
    public bool Equals(EncryptedBundleHeader? other) =>
        other is not null && Version == other.Version && SiteId == other.SiteId && Sequence == other.Sequence
        && RecipientKeyId == other.RecipientKeyId && Length == other.Length && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => HashCode.Combine(SiteId, Sequence, RecipientKeyId);

    /// <summary>
    /// Reads and checks the header at the stream's position, leaving the stream just after it.
    /// Throws <see cref="BundleDecryptionException"/> naming <paramref name="displayName"/> when it is not a valid v1 header.
    /// </summary>
    public static EncryptedBundleHeader Read(Stream stream, string displayName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[FixedPrefix];
        var got = stream.ReadAtLeast(prefix, FixedPrefix, throwOnEndOfStream: false);
        var magicSeen = Math.Min(got, EncryptedBundleFile.Magic.Length);
        if (!prefix[..magicSeen].SequenceEqual(EncryptedBundleFile.Magic[..magicSeen]))
        {
            throw Refused(nameof(EncryptionMessages.NotEncrypted), displayName);
        }

        if (got < FixedPrefix)
        {
            throw Refused(nameof(EncryptionMessages.HeaderTruncated), displayName);
        }

        int version = prefix[8];
        if (version != EncryptedBundleFile.CurrentVersion)
        {
            throw Refused(nameof(EncryptionMessages.HeaderVersion), displayName, version, EncryptedBundleFile.CurrentVersion);
        }

        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(prefix[9..]);
        if (chunkSize != EncryptedBundleFile.ChunkSize)
        {
            throw Refused(nameof(EncryptionMessages.HeaderChunkSize), displayName, chunkSize, EncryptedBundleFile.ChunkSize);
        }

        int siteLength = prefix[13];
        if (siteLength is < 1 or > EncryptedBundleFile.MaxSiteIdBytes)
        {
            throw Refused(nameof(EncryptionMessages.HeaderSiteId), displayName);
        }

        var bytes = new byte[FixedPrefix + siteLength + FixedSuffix];
        prefix.CopyTo(bytes);
        if (stream.ReadAtLeast(bytes.AsSpan(FixedPrefix), bytes.Length - FixedPrefix, throwOnEndOfStream: false) < bytes.Length - FixedPrefix)
        {
            throw Refused(nameof(EncryptionMessages.HeaderTruncated), displayName);
        }

        string siteId;
        try
        {
            siteId = StrictUtf8.GetString(bytes, FixedPrefix, siteLength);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(nameof(EncryptionMessages.HeaderSiteId), displayName);
        }

        if (!Schema.SiteId.IsValid(siteId))
        {
            throw Refused(nameof(EncryptionMessages.HeaderSiteId), displayName);
        }

        var rest = bytes.AsSpan(FixedPrefix + siteLength);
        var sequence = BinaryPrimitives.ReadInt64BigEndian(rest);
        if (sequence < 1)
        {
            throw Refused(nameof(EncryptionMessages.HeaderSequence), displayName, sequence);
        }

        var keyId = Convert.ToHexStringLower(rest.Slice(8, 8));
        var point = rest.Slice(16, PointSize).ToArray();
        if (!EncryptionKeys.IsPointOnP256(point))
        {
            throw Refused(nameof(EncryptionMessages.HeaderEphemeralKey), displayName);
        }

        return new EncryptedBundleHeader(version, siteId, sequence, keyId, bytes.Length) { Bytes = bytes, EphemeralPoint = point };
    }

    /// <summary>The header bytes for a new file.</summary>
    internal static EncryptedBundleHeader Create(string siteId, long sequence, string recipientKeyId, byte[] ephemeralPoint)
    {
        Schema.SiteId.Validate(siteId, "Encrypted bundle header");
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var site = Encoding.UTF8.GetBytes(siteId);
        var bytes = new byte[FixedPrefix + site.Length + FixedSuffix];
        EncryptedBundleFile.Magic.CopyTo(bytes);
        bytes[8] = EncryptedBundleFile.CurrentVersion;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), EncryptedBundleFile.ChunkSize);
        bytes[13] = checked((byte)site.Length);
        site.CopyTo(bytes, FixedPrefix);
        var rest = bytes.AsSpan(FixedPrefix + site.Length);
        BinaryPrimitives.WriteInt64BigEndian(rest, sequence);
        Convert.FromHexString(recipientKeyId).CopyTo(rest[8..]);
        ephemeralPoint.CopyTo(rest[16..]);
        return new EncryptedBundleHeader(EncryptedBundleFile.CurrentVersion, siteId, sequence, recipientKeyId, bytes.Length)
        {
            Bytes = bytes,
            EphemeralPoint = ephemeralPoint,
        };
    }

    private static BundleDecryptionException Refused(string key, params object?[] arguments) =>
        new(EncryptionText.Get(key, arguments));
}
