using System.Security.Cryptography;

namespace SyncFiles.Common.Encryption;

/// <summary>
/// Encrypts what is written into it for head office, strictly forward: writes the header at once,
/// then seals each 64 KiB chunk when the next byte shows it is not the last. <see cref="Finish"/>
/// (or Dispose) seals the final chunk, flagged as final, so a file cut short never authenticates.
/// Holds one chunk in memory; nothing in clear reaches the output.
/// </summary>
public sealed class EncryptingStream : Stream
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _associatedData;
    private readonly AesGcm _aes;
    private readonly byte[] _payloadKey;
    private readonly byte[] _plain = new byte[EncryptedBundleFile.ChunkSize];
    private readonly byte[] _sealed = new byte[EncryptedBundleFile.SealedChunkSize];
    private int _filled;
    private long _counter;
    private long _length;
    private bool _finished;
    private bool _broken;
    private bool _disposed;

    public EncryptingStream(Stream output, EncryptionRecipient recipient, string siteId, long sequence, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recipient);
        _output = output;
        _leaveOpen = leaveOpen;

        // A fresh ephemeral key per file, so a fresh payload key per file: a chunk counter from 0 never repeats a nonce under one key.
        using var ephemeral = EncryptionKeys.Create();
        var ephemeralPoint = EncryptionKeys.Point(ephemeral);
        Header = EncryptedBundleHeader.Create(siteId, sequence, recipient.KeyId, ephemeralPoint);
        _associatedData = Header.Bytes;
        _payloadKey = EncryptionKeys.PayloadKey(ephemeral, recipient.Key, ephemeralPoint, recipient.Point);
        _aes = new AesGcm(_payloadKey, EncryptedBundleFile.TagSize);
        WriteOut(_associatedData);
    }

    public EncryptedBundleHeader Header { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => throw new NotSupportedException();

    /// <summary>Plaintext bytes written so far.</summary>
    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == _plain.Length)
            {
                // More is coming, so the full chunk held is not the last one.
                Seal(final: false);
            }

            var take = Math.Min(buffer.Length, _plain.Length - _filled);
            buffer[..take].CopyTo(_plain.AsSpan(_filled));
            _filled += take;
            _length += take;
            buffer = buffer[take..];
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Chunks are sealed whole; flushing passes on only what is sealed already.</summary>
    public override void Flush() => _output.Flush();

    /// <summary>Seals the final chunk and flushes the output; nothing may be written after.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        Seal(final: true);
        _finished = true;
        _output.Flush();
    }

    /// <summary>
    /// Opens what this stream wrote, after <see cref="Finish"/> and before it is disposed, with the
    /// payload key it still holds: the writer's check that its file reads back, the only decryption
    /// possible without head office's private key. <paramref name="written"/> is the output, seekable, at the header.
    /// </summary>
    public DecryptingStream OpenWritten(Stream written, string displayName)
    {
        ArgumentNullException.ThrowIfNull(written);
        if (!_finished || _broken)
        {
            throw new InvalidOperationException("Only a finished encrypted file can be read back.");
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var headerStart = written.Position;
        var header = EncryptedBundleHeader.Read(written, displayName);
        if (!header.Equals(Header))
        {
            throw new BundleDecryptionException(EncryptionText.Get(nameof(EncryptionMessages.ReadBackHeaderDiffers), displayName));
        }

        return DecryptingStream.Open(written, headerStart, header, _payloadKey, displayName);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                // After a failed write (disk full) the file is incomplete anyway: sealing it would only throw again.
                if (!_broken)
                {
                    Finish();
                }
            }
            finally
            {
                _finished = true;
                _disposed = true;
                CryptographicOperations.ZeroMemory(_plain);
                CryptographicOperations.ZeroMemory(_payloadKey);
                _aes.Dispose();
                if (!_leaveOpen)
                {
                    _output.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    private void Seal(bool final)
    {
        Span<byte> nonce = stackalloc byte[12];
        EncryptionKeys.Nonce(nonce, _counter, final);
        _aes.Encrypt(nonce, _plain.AsSpan(0, _filled), _sealed.AsSpan(0, _filled), _sealed.AsSpan(_filled, EncryptedBundleFile.TagSize), _associatedData);
        WriteOut(_sealed.AsSpan(0, _filled + EncryptedBundleFile.TagSize));
        _counter++;
        _filled = 0;
    }

    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _output.Write(bytes);
        }
        catch
        {
            _broken = true;
            throw;
        }
    }
}
