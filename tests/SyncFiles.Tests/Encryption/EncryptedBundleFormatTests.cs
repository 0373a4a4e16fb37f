using System.Buffers.Binary;
using System.Security.Cryptography;
using CsCheck;
using SyncFiles.Common;
using SyncFiles.Common.Encryption;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// The encrypted container (docs/bundle-format.md, "Encrypted bundles") against what an attacker
/// with the file can do: cut it anywhere, flip any bit, swap or append chunks, or hand over a
/// file made for another key. Each must be refused with a message naming the file and what failed,
/// and nothing decrypted may come out first.
/// </summary>
public sealed class EncryptedBundleFormatTests(EncryptionKeysFixture keys) : IClassFixture<EncryptionKeysFixture>
{
    private const int Chunk = EncryptedBundleFile.ChunkSize;
    private const int Sealed = EncryptedBundleFile.SealedChunkSize;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * Chunk)]
    [InlineData((3 * Chunk) + 17)]
    public void Plaintext_of_any_size_round_trips(int size)
    {
        var plain = RandomBytes(size, seed: size);
        var encrypted = keys.Encrypt(plain);

        Assert.Equal(plain, keys.Decrypt(encrypted));
        var header = HeaderLength(encrypted);
        var chunks = Math.Max(1, (size + Chunk - 1) / Chunk);
        Assert.Equal(header + size + (chunks * EncryptedBundleFile.TagSize), encrypted.Length);
    }

    [Fact]
    public void Random_sizes_and_write_pieces_round_trip()
    {
        Gen.Select(Gen.Int[0, 5 * Chunk], Gen.Int[1, 3 * Chunk]).Sample(
            (size, piece) =>
            {
                var plain = RandomBytes(size, seed: size ^ piece);
                using var recipient = keys.Recipient();
                using var output = new MemoryStream();
                using (var encrypting = new EncryptingStream(output, recipient, "AG01", 7, leaveOpen: true))
                {
                    for (var at = 0; at < size; at += piece)
                    {
                        encrypting.Write(plain, at, Math.Min(piece, size - at));
                    }
                }

                return keys.Decrypt(output.ToArray()).AsSpan().SequenceEqual(plain);
            },
            iter: 40);
    }

    [Fact]
    public void Header_carries_site_sequence_and_key_id_in_clear()
    {
        var encrypted = keys.Encrypt([1, 2, 3], "AG_07", 123456789012);

        var header = EncryptedBundleHeader.Read(new MemoryStream(encrypted), "x.zip.enc");

        Assert.Equal((1, "AG_07", 123456789012L, keys.HeadOffice.KeyId, 8 + 1 + 4 + 1 + 5 + 8 + 8 + 65), (header.Version, header.SiteId, header.Sequence, header.RecipientKeyId, header.Length));
        Assert.Equal(header, EncryptedBundleHeader.Read(new MemoryStream(encrypted), "again.zip.enc"));
        Assert.True(EncryptedBundleFile.StartsWithMagic(encrypted));
        Assert.Equal(65536u, BinaryPrimitives.ReadUInt32BigEndian(encrypted.AsSpan(9)));
    }

    [Fact]
    public void The_same_bundle_encrypted_twice_shares_no_bytes_after_the_site_fields()
    {
        var plain = RandomBytes(1000, 1);
        var first = keys.Encrypt(plain);
        var second = keys.Encrypt(plain);

        // A fresh ephemeral key per file: a fresh payload key, so equal bundles do not look equal.
        var header = HeaderLength(first);
        Assert.NotEqual(first.AsSpan(header - 65, 65).ToArray(), second.AsSpan(header - 65, 65).ToArray());
        Assert.NotEqual(first.AsSpan(header).ToArray(), second.AsSpan(header).ToArray());
    }

    [Fact]
    public void Truncation_at_every_chunk_boundary_is_refused_as_truncated()
    {
        var encrypted = keys.Encrypt(RandomBytes((4 * Chunk) + 100, 2));
        var header = HeaderLength(encrypted);

        for (var chunks = 1; chunks <= 4; chunks++)
        {
            var cut = encrypted[..(header + (chunks * Sealed))];
            var refused = Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(cut));
            Assert.Equal("AG01-00000007.zip.enc: truncated: the final chunk is missing.", refused.Message);
        }

        var headerOnly = encrypted[..header];
        Assert.Contains("no encrypted chunk follows the header", Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(headerOnly)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_inside_chunks_and_inside_the_header_is_refused()
    {
        var encrypted = keys.Encrypt(RandomBytes((2 * Chunk) + 100, 3));
        var header = HeaderLength(encrypted);
        var cuts = new[] { 0, 5, 8, 13, header - 1, header + 1, header + 15, header + 16, header + Sealed - 1, header + Sealed + 1, header + (2 * Sealed) + 50, encrypted.Length - 1 };

        foreach (var cut in cuts)
        {
            var refused = Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(encrypted[..cut]));
            Assert.StartsWith("AG01-00000007.zip.enc", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_flipped_bit_anywhere_in_header_chunk_or_tag_is_refused()
    {
        var encrypted = keys.Encrypt(RandomBytes((2 * Chunk) + 100, 4));
        var header = HeaderLength(encrypted);
        var positions = Enumerable.Range(0, header)
            .Concat([header, header + 1000, header + Chunk - 1, header + Chunk, header + Sealed - 1, header + Sealed + 7, encrypted.Length - 17, encrypted.Length - 1]);

        foreach (var position in positions)
        {
            foreach (var bit in new[] { 0, 7 })
            {
                var damaged = (byte[])encrypted.Clone();
                damaged[position] ^= (byte)(1 << bit);
                Assert.Throws<BundleDecryptionException>(() => ReadAll(damaged));
            }
        }
    }

    [Fact]
    public void A_flipped_bit_in_a_chunk_names_the_chunk_and_its_bytes()
    {
        var encrypted = keys.Encrypt(RandomBytes((2 * Chunk) + 100, 5));
        var header = HeaderLength(encrypted);
        encrypted[header + Sealed + 10] ^= 1;

        var refused = Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(encrypted));

        Assert.Equal($"AG01-00000007.zip.enc: chunk 1 (bytes {header + Sealed}..{header + (2 * Sealed) - 1}) failed authentication: damaged or tampered.", refused.Message);
    }

    [Fact]
    public void Swapped_chunks_are_refused()
    {
        var encrypted = keys.Encrypt(RandomBytes(3 * Chunk + 5, 6));
        var header = HeaderLength(encrypted);
        var swapped = (byte[])encrypted.Clone();
        encrypted.AsSpan(header, Sealed).CopyTo(swapped.AsSpan(header + Sealed));
        encrypted.AsSpan(header + Sealed, Sealed).CopyTo(swapped.AsSpan(header));

        var refused = Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(swapped));
        Assert.Contains("chunk 0", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunk_from_another_file_of_the_same_key_is_refused()
    {
        var plain = RandomBytes(2 * Chunk + 5, 7);
        var first = keys.Encrypt(plain);
        var second = keys.Encrypt(plain);
        var header = HeaderLength(first);
        second.AsSpan(header, Sealed).CopyTo(first.AsSpan(header));

        Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(first));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(Sealed)]
    public void Appended_bytes_are_refused(int appended)
    {
        var encrypted = keys.Encrypt(RandomBytes(Chunk + 5, 8));
        var longer = encrypted.Concat(RandomBytes(appended, 9)).ToArray();

        Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(longer));
    }

    [Fact]
    public void A_whole_sealed_chunk_appended_after_a_full_final_chunk_is_refused()
    {
        // The final chunk is full-size here, so appending a copy of it makes a file whose lengths all add up.
        var encrypted = keys.Encrypt(RandomBytes(2 * Chunk, 10));
        var header = HeaderLength(encrypted);
        var longer = encrypted.Concat(encrypted.AsSpan(header + Sealed, Sealed).ToArray()).ToArray();

        Assert.Throws<BundleDecryptionException>(() => ReadAll(longer));
    }

    [Fact]
    public void A_bundle_for_another_key_names_both_key_ids()
    {
        using var other = EncryptionRecipient.Load(keys.Other.PublicKeyPath);
        using var output = new MemoryStream();
        using (var encrypting = new EncryptingStream(output, other, "AG01", 7, leaveOpen: true))
        {
            encrypting.Write([1, 2, 3]);
        }

        var refused = Assert.Throws<BundleDecryptionException>(() => keys.Decrypt(output.ToArray()));

        Assert.Equal($"AG01-00000007.zip.enc is not for any key head office holds (encrypted for key {keys.Other.KeyId}; keys configured: {keys.HeadOffice.KeyId}).", refused.Message);
        Assert.IsAssignableFrom<BundleFormatException>(refused);
    }

    [Fact]
    public void A_key_ring_with_both_keys_opens_bundles_for_either()
    {
        using var ring = DecryptionKeyRing.Load([keys.Other.PrivateKeyPath, keys.HeadOffice.PrivateKeyPath, keys.HeadOffice.PrivateKeyPath]);
        Assert.Equal([keys.Other.KeyId, keys.HeadOffice.KeyId], ring.KeyIds);

        foreach (var publicKey in new[] { keys.HeadOffice.PublicKeyPath, keys.Other.PublicKeyPath })
        {
            using var recipient = EncryptionRecipient.Load(publicKey);
            using var output = new MemoryStream();
            using (var encrypting = new EncryptingStream(output, recipient, "AG01", 7, leaveOpen: true))
            {
                encrypting.Write([1, 2, 3]);
            }

            output.Position = 0;
            using var plain = DecryptingStream.Open(output, ring, "b.zip.enc");
            Assert.Equal(recipient.KeyId, plain.Header.RecipientKeyId);
            Assert.Equal(3, plain.Read(new byte[10]));
        }
    }

    [Fact]
    public void A_header_with_a_changed_key_id_version_or_curve_point_is_refused_by_name()
    {
        var encrypted = keys.Encrypt([1, 2, 3]);
        var header = HeaderLength(encrypted);

        var version = (byte[])encrypted.Clone();
        version[8] = 7;
        Assert.Equal("v.zip.enc: header: unknown version 7 (this program reads version 1).", ReadHeaderFailure(version));

        var chunkSize = (byte[])encrypted.Clone();
        chunkSize[11] = 1;
        Assert.Contains("chunk size 65792 is not 65536", ReadHeaderFailure(chunkSize), StringComparison.Ordinal);

        var point = (byte[])encrypted.Clone();
        point[header - 1] ^= 1;
        Assert.Equal("v.zip.enc: header: the ephemeral public key is not a point on P-256.", ReadHeaderFailure(point));

        var text = (byte[])encrypted.Clone();
        text[6] = 0x0A;
        text[5] = 0x0A;
        Assert.Equal("v.zip.enc is not an encrypted bundle: it does not start with the SyncFiles encryption mark (SFENC).", ReadHeaderFailure(text));

        var site = (byte[])encrypted.Clone();
        site[14] = (byte)'/';
        Assert.Equal("v.zip.enc: header: the site id is not a valid site id.", ReadHeaderFailure(site));
    }

    [Fact]
    public void Seeking_reads_the_same_bytes_as_reading_in_order()
    {
        var plain = RandomBytes((5 * Chunk) + 333, 11);
        var encrypted = keys.Encrypt(plain);
        using var ring = keys.Ring();
        using var stream = DecryptingStream.Open(new MemoryStream(encrypted), ring, "s.zip.enc");
        Assert.Equal(plain.Length, stream.Length);

        Gen.Select(Gen.Int[0, plain.Length], Gen.Int[0, 3 * Chunk]).Sample(
            (offset, count) =>
            {
                stream.Position = offset;
                var buffer = new byte[count];
                var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
                return read == Math.Min(count, plain.Length - offset) && buffer.AsSpan(0, read).SequenceEqual(plain.AsSpan(offset, read));
            },
            iter: 300,
            threads: 1);

        Assert.Equal(plain.Length - 10, stream.Seek(-10, SeekOrigin.End));
        Assert.Equal(plain[^10..], ReadRest(stream));
    }

    [Fact]
    public void Damage_in_a_middle_chunk_stops_reading_at_that_chunk_without_returning_its_bytes()
    {
        var plain = RandomBytes(3 * Chunk, 12);
        var encrypted = keys.Encrypt(plain);
        var header = HeaderLength(encrypted);
        encrypted[header + Sealed + 5] ^= 0x80;
        using var ring = keys.Ring();
        using var stream = DecryptingStream.Open(new MemoryStream(encrypted), ring, "m.zip.enc");

        var first = new byte[Chunk];
        Assert.Equal(Chunk, stream.ReadAtLeast(first, Chunk));
        Assert.Equal(plain[..Chunk], first);
        var buffer = new byte[100];
        Assert.Throws<BundleDecryptionException>(() => stream.Read(buffer));
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_private_key_given_as_encryptTo_is_refused()
    {
        var refused = Assert.Throws<ConfigurationException>(() => EncryptionRecipient.Load(keys.HeadOffice.PrivateKeyPath));
        Assert.Contains("is a private key", refused.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ConfigurationException>(() => EncryptionRecipient.Load(keys.HeadOffice.PublicKeyPath + ".missing"));
        Assert.Contains("cannot be read", missing.Message, StringComparison.Ordinal);

        var publicAsPrivate = Assert.Throws<ConfigurationException>(() => DecryptionKeyRing.Load([keys.HeadOffice.PublicKeyPath]));
        Assert.Contains("is not a private P-256 key", publicAsPrivate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_files_are_never_overwritten_and_ids_follow_the_signing_rule()
    {
        var directory = Path.GetDirectoryName(keys.HeadOffice.PublicKeyPath)!;
        Assert.Throws<ConfigurationException>(() => EncryptionKeyPairFiles.Create(directory, "headoffice-encryption"));

        using var key = ECDiffieHellman.Create();
        key.ImportFromPem(File.ReadAllText(keys.HeadOffice.PublicKeyPath));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16], keys.HeadOffice.KeyId);
        using var recipient = keys.Recipient();
        Assert.Equal(keys.HeadOffice.KeyId, recipient.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.HeadOffice.PrivateKeyPath));
        }
    }

    [Fact]
    public void The_format_is_the_documented_one_an_independent_decryptor_can_follow()
    {
        // Decrypts with nothing but the documented steps, not DecryptingStream: the documentation is the contract.
        var plain = RandomBytes(Chunk + 9, 13);
        var encrypted = keys.Encrypt(plain, "AG01", 9);
        var header = HeaderLength(encrypted);
        var ephemeralPoint = encrypted.AsSpan(header - 65, 65).ToArray();
        using var recipient = ECDiffieHellman.Create();
        recipient.ImportFromPem(File.ReadAllText(keys.HeadOffice.PrivateKeyPath));
        var q = recipient.ExportParameters(false).Q;
        using var ephemeral = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = ephemeralPoint[1..33], Y = ephemeralPoint[33..] } });
        var shared = recipient.DeriveRawSecretAgreement(ephemeral.PublicKey);
        var salt = ephemeralPoint.Concat(new byte[] { 4 }).Concat(q.X!).Concat(q.Y!).ToArray();
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt, "syncfiles-bundle-encryption-v1"u8.ToArray());
        using var aes = new AesGcm(key, 16);

        var decrypted = new byte[plain.Length];
        var nonce = new byte[12];
        aes.Decrypt(nonce, encrypted.AsSpan(header, Chunk), encrypted.AsSpan(header + Chunk, 16), decrypted.AsSpan(0, Chunk), encrypted.AsSpan(0, header));
        nonce[10] = 1;
        nonce[11] = 1;
        aes.Decrypt(nonce, encrypted.AsSpan(header + Sealed, 9), encrypted.AsSpan(header + Sealed + 9, 16), decrypted.AsSpan(Chunk), encrypted.AsSpan(0, header));

        Assert.Equal(plain, decrypted);
    }

    private static int HeaderLength(byte[] encrypted) => 8 + 1 + 4 + 1 + encrypted[13] + 8 + 8 + 65;

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] ReadRest(Stream stream)
    {
        using var rest = new MemoryStream();
        stream.CopyTo(rest);
        return rest.ToArray();
    }

    private static string ReadHeaderFailure(byte[] encrypted) =>
        Assert.Throws<BundleDecryptionException>(() => EncryptedBundleHeader.Read(new MemoryStream(encrypted), "v.zip.enc")).Message;

    private void ReadAll(byte[] encrypted) => keys.Decrypt(encrypted);
}
