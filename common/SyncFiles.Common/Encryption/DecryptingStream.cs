using System.Security.Cryptography;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// Reads an encrypted bundle as its plaintext zip, seekable (the zip reader jumps to the central
/// directory), over a seekable encrypted stream. <see cref="Open(Stream, DecryptionKeyRing, string)"/> checks the header, picks the
/// key by id and authenticates the final chunk, so a truncated file is refused before any zip
/// reader starts; each later read decrypts and authenticates the 64 KiB chunk it needs. It never
/// returns a byte that was not authenticated, writes nothing to disk and holds one chunk.
/// </summary>
public sealed class DecryptingStream : Stream
{
    private readonly Stream _encrypted;
    private readonly string _displayName;
    private readonly AesGcm _aes;
    private readonly long _chunkCount;
    private readonly int _lastSealedLength;
    private readonly byte[] _sealed = new byte[EncryptedBundleFile.SealedChunkSize];
    private readonly byte[] _plain = new byte[EncryptedBundleFile.ChunkSize];
    private readonly long _headerStart;
    private long _chunkHeld = -1;
    private int _heldLength;
    private long _position;

    private DecryptingStream(Stream encrypted, string displayName, EncryptedBundleHeader header, AesGcm aes, long chunkCount, int lastSealedLength, long headerStart)
    {
        _encrypted = encrypted;
        _displayName = displayName;
        Header = header;
        _aes = aes;
        _chunkCount = chunkCount;
        _lastSealedLength = lastSealedLength;
        _headerStart = headerStart;
        Length = ((chunkCount - 1) * EncryptedBundleFile.ChunkSize) + (lastSealedLength - EncryptedBundleFile.TagSize);
    }

    public EncryptedBundleHeader Header { get; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    /// <summary>The plaintext length, known from the file's length before anything is decrypted.</summary>
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>
    /// Opens <paramref name="encrypted"/> (seekable, at the header) with the key its header names.
    /// Throws <see cref="BundleDecryptionException"/> for a bad header, a key head office does not
    /// hold, a length no chunk sequence has, or a final chunk that fails authentication. The stream
    /// is not disposed with this one.
    /// </summary>
    public static DecryptingStream Open(Stream encrypted, DecryptionKeyRing keys, string displayName)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(keys);
        if (!encrypted.CanSeek)
        {
            throw new ArgumentException("An encrypted bundle is read from a seekable stream (a file): the zip reader seeks.", nameof(encrypted));
        }

        var headerStart = encrypted.Position;
        var header = EncryptedBundleHeader.Read(encrypted, displayName);
        if (!keys.TryGet(header.RecipientKeyId, out var key))
        {
            throw keys.KeyIds.Count == 0
                ? new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.NoKeyConfigured), displayName, header.RecipientKeyId))
                : new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.NotForOurKeys), displayName, header.RecipientKeyId, string.Join(", ", keys.KeyIds)));
        }

        var ephemeral = EncryptionKeys.FromPoint(header.EphemeralPoint);
        byte[] payloadKey;
        try
        {
            payloadKey = EncryptionKeys.PayloadKey(key, ephemeral, header.EphemeralPoint, EncryptionKeys.Point(key));
        }
        finally
        {
            ephemeral.Dispose();
        }

        try
        {
            return Open(encrypted, headerStart, header, payloadKey, displayName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payloadKey);
        }
    }

    /// <summary>Opens with the payload key itself: head office derives it from its private key, the writer still holds it (<see cref="EncryptingStream.OpenWritten"/>).</summary>
    internal static DecryptingStream Open(Stream encrypted, long headerStart, EncryptedBundleHeader header, byte[] payloadKey, string displayName)
    {
        var payload = encrypted.Length - headerStart - header.Length;
        if (payload <= 0)
        {
            throw new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.NoChunk), displayName));
        }

        var chunkCount = ((payload - 1) / EncryptedBundleFile.SealedChunkSize) + 1;
        var lastSealed = (int)(payload - ((chunkCount - 1) * EncryptedBundleFile.SealedChunkSize));
        if (lastSealed < EncryptedBundleFile.TagSize)
        {
            // A final chunk shorter than its tag: cut inside a chunk, or bytes appended after a full one.
            throw new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.ChunkFailed), displayName, chunkCount - 1, headerStart + header.Length + ((chunkCount - 1) * EncryptedBundleFile.SealedChunkSize), encrypted.Length - 1));
        }

        var aes = new AesGcm(payloadKey, EncryptedBundleFile.TagSize);
        var stream = new DecryptingStream(encrypted, displayName, header, aes, chunkCount, lastSealed, headerStart);
        try
        {
            stream.Load(chunkCount - 1);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return stream;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (!buffer.IsEmpty && _position < Length)
        {
            var chunk = _position / EncryptedBundleFile.ChunkSize;
            if (chunk != _chunkHeld)
            {
                Load(chunk);
            }

            var within = (int)(_position - (chunk * EncryptedBundleFile.ChunkSize));
            var take = Math.Min(buffer.Length, _heldLength - within);
            _plain.AsSpan(within, take).CopyTo(buffer);
            buffer = buffer[take..];
            _position += take;
            total += take;
        }

        return total;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, null),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(_plain);
            _chunkHeld = -1;
            _aes.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads, decrypts and authenticates chunk <paramref name="chunk"/>; the chunk held is forgotten first, so a failure leaves nothing readable.</summary>
    private void Load(long chunk)
    {
        _chunkHeld = -1;
        var final = chunk == _chunkCount - 1;
        var sealedLength = final ? _lastSealedLength : EncryptedBundleFile.SealedChunkSize;
        var start = _headerStart + Header.Length + (chunk * EncryptedBundleFile.SealedChunkSize);
        _encrypted.Position = start;
        var sealedBytes = _sealed.AsSpan(0, sealedLength);
        if (_encrypted.ReadAtLeast(sealedBytes, sealedLength, throwOnEndOfStream: false) < sealedLength)
        {
            // The file shrank since it was opened.
            throw new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.FinalChunkMissing), _displayName));
        }

        var plainLength = sealedLength - EncryptedBundleFile.TagSize;
        var plain = _plain.AsSpan(0, plainLength);
        Span<byte> nonce = stackalloc byte[12];
        EncryptionKeys.Nonce(nonce, chunk, final);
        try
        {
            _aes.Decrypt(nonce, sealedBytes[..plainLength], sealedBytes[plainLength..], plain, Header.Bytes);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            plain.Clear();
            if (final && SealedAsNotFinal(chunk, sealedBytes))
            {
                // The last chunk present was sealed as an inner one: the file was cut at a chunk boundary.
                throw new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.FinalChunkMissing), _displayName), ex);
            }

            throw new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.ChunkFailed), _displayName, chunk, start, start + sealedLength - 1), ex);
        }

        _heldLength = plainLength;
        _chunkHeld = chunk;
    }

    private bool SealedAsNotFinal(long chunk, ReadOnlySpan<byte> sealedBytes)
    {
        if (sealedBytes.Length != EncryptedBundleFile.SealedChunkSize)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        EncryptionKeys.Nonce(nonce, chunk, final: false);
        var plainLength = sealedBytes.Length - EncryptedBundleFile.TagSize;
        try
        {
            _aes.Decrypt(nonce, sealedBytes[..plainLength], sealedBytes[plainLength..], _plain.AsSpan(0, plainLength), Header.Bytes);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            _plain.AsSpan(0, plainLength).Clear();
        }
    }
}
