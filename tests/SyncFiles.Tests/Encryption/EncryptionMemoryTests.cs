using SyncFiles.Common.Encryption;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Encryption;

/// <summary>
/// Encrypting and decrypting a 300 MB bundle keeps memory flat: the streams hold one 64 KiB chunk,
/// so what they allocate does not grow with the bundle. Measured as bytes allocated by the test's
/// thread (GC.GetAllocatedBytesForCurrentThread) around the streaming, with the file on disk.
/// </summary>
public sealed class EncryptionMemoryTests(EncryptionKeysFixture keys) : IClassFixture<EncryptionKeysFixture>
{
    private const long Size = 300L * 1024 * 1024;

    // Two chunk buffers per stream plus small objects; a stream that buffered the bundle would allocate 300 MB.
    private const long AllowedAllocation = 2L * 1024 * 1024;

    [Fact]
    public void A_300_MB_bundle_is_encrypted_and_decrypted_with_flat_memory()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("AG01-00000001.zip.enc");
        var piece = new byte[81_920];
        new Random(1).NextBytes(piece);

        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var recipient = keys.Recipient())
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var encrypting = new EncryptingStream(file, recipient, "AG01", 1))
        {
            for (long written = 0; written < Size; written += piece.Length)
            {
                piece[0] = (byte)(written >> 16);
                encrypting.Write(piece, 0, (int)Math.Min(piece.Length, Size - written));
            }
        }

        var encryptAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Size + (Size / EncryptedBundleFile.ChunkSize * EncryptedBundleFile.TagSize) + 99, new FileInfo(path).Length);

        before = GC.GetAllocatedBytesForCurrentThread();
        long read = 0;
        var mismatches = 0;
        using (var ring = keys.Ring())
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        using (var decrypting = DecryptingStream.Open(file, ring, "AG01-00000001.zip.enc"))
        {
            var buffer = new byte[piece.Length];
            int got;
            while ((got = decrypting.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
            {
                piece[0] = (byte)(read >> 16);
                mismatches += buffer.AsSpan(0, got).SequenceEqual(piece.AsSpan(0, got)) ? 0 : 1;
                read += got;
            }
        }

        var decryptAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Size, read);
        Assert.Equal(0, mismatches);
        TestReport.Line($"encryption memory: 300 MB encrypted allocating {encryptAllocated / 1024} KiB, decrypted allocating {decryptAllocated / 1024} KiB");
        Assert.True(encryptAllocated < AllowedAllocation, $"encrypting allocated {encryptAllocated} bytes");
        Assert.True(decryptAllocated < AllowedAllocation, $"decrypting allocated {decryptAllocated} bytes");
    }
}
