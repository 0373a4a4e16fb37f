using System.Security.Cryptography;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// Passes bytes through to an inner stream while counting them and computing their SHA-256, so a
/// table's CSV is hashed in the same pass that compresses (writing) or parses (reading) it.
/// Reading stops with an error as soon as more bytes arrive than <c>maxBytes</c> allows, which
/// bounds what a hostile entry can make us decompress.
/// </summary>
public sealed class HashingStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _writing;
    private readonly long _maxBytes;
    private readonly Func<long, Exception>? _onTooLong;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _finalHash;

    private HashingStream(Stream inner, bool writing, long maxBytes, Func<long, Exception>? onTooLong)
    {
        _inner = inner;
        _writing = writing;
        _maxBytes = maxBytes;
        _onTooLong = onTooLong;
    }

    public static HashingStream ForWriting(Stream inner) => new(inner, writing: true, long.MaxValue, null);

    public static HashingStream ForReading(Stream inner, long maxBytes, Func<long, Exception> onTooLong) =>
        new(inner, writing: false, maxBytes, onTooLong);

    public long BytesCounted { get; private set; }

    /// <summary>
    /// The stream this one writes to, for a writer that counts and hashes on its own thread with
    /// <see cref="Observe"/> and leaves the writing (compression) to another.
    /// </summary>
    public Stream Unobserved => _writing ? _inner : throw new NotSupportedException("Only a writing stream is split.");

    /// <summary>Counts and hashes bytes written to <see cref="Unobserved"/> directly, in the same order.</summary>
    public void Observe(ReadOnlySpan<byte> bytes) => Count(bytes);

    /// <summary>The lower-case hex SHA-256 of every byte passed so far; call once, at the end.</summary>
    public string FinishHash()
    {
        _finalHash ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
        return _finalHash;
    }

    public override bool CanRead => !_writing;

    public override bool CanSeek => false;

    public override bool CanWrite => _writing;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesCounted;
        set => throw new NotSupportedException();
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count(buffer);
        _inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Span);
        await _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        BytesCounted += bytes.Length;
        if (BytesCounted > _maxBytes)
        {
            throw _onTooLong!(BytesCounted);
        }

        _hash.AppendData(bytes);
    }
}
