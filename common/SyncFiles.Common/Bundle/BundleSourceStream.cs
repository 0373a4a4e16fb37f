namespace SyncFiles.Common.Bundle;

/// <summary>
/// The bundle file as the zip reader sees it: a read-only pass-through that marks an I/O error of
/// the file itself as a <see cref="BundleIOException"/>. The reader turns every other failure of
/// the zip and decompression code into a <see cref="BundleFormatException"/> (the bytes are bad:
/// quarantine); this one stays an <see cref="IOException"/> (the disk or share failed: retry).
/// </summary>
internal sealed class BundleSourceStream : Stream
{
    private readonly Stream _inner;
    private readonly string _bundle;

    public BundleSourceStream(Stream inner, string bundle)
    {
        _inner = inner;
        _bundle = bundle;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => Guard(() => _inner.Length);

    public override long Position
    {
        get => Guard(() => _inner.Position);
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _inner.Read(buffer);
        }
        catch (IOException ex)
        {
            throw Failed(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex)
        {
            throw Failed(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        // Offsets come from the zip's headers: one before the start of the file is a lie of the
        // bundle, not a failure of the disk (FileStream would report it as an IOException).
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => checked(Position + offset),
            SeekOrigin.End => checked(Length + offset),
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new InvalidDataException($"an offset points {-target} bytes before the start of the file");
        }

        return Guard(() => _inner.Seek(target, SeekOrigin.Begin));
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (IOException ex)
        {
            throw Failed(ex);
        }
    }

    private BundleIOException Failed(IOException ex) =>
        ex as BundleIOException ?? new BundleIOException($"{_bundle}: the file could not be read: {ex.Message}", ex);
}
