using SyncFiles.Common.IO;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Bundle;

/// <summary>
/// One zip entry's decompressed bytes as the zip library hands them out, contained: whatever the
/// decoder throws on hostile bytes becomes a <see cref="BundleFormatException"/> naming the bundle
/// and the entry, and reading stops as soon as the entry yields more than its compressed size can
/// honestly produce (<see cref="BundleLimits.MaxUncompressed"/>), whatever its headers claim.
/// </summary>
internal sealed class EntryReadStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly string _where;
    private readonly long _maxBytes;
    private long _bytes;

    /// <param name="inner">The decoder's stream.</param>
    /// <param name="where">"bundle.zip: tables/x.csv", for messages.</param>
    /// <param name="maxBytes">The most bytes the entry may yield.</param>
    public EntryReadStream(Stream inner, string where, long maxBytes)
    {
        _inner = inner;
        _where = where;
        _maxBytes = maxBytes;
    }

    public override long Position
    {
        get => _bytes;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            throw Damaged(ex);
        }

        return Count(read, buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            throw Damaged(ex);
        }

        return Count(read, buffer.Length);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _inner.Dispose();
            }
            catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
            {
                // Swallowed by contract: closing a decoder of hostile bytes may fail too, and this
                // runs in a `using` while the reader's own verdict (or a success already checked
                // against the manifest) propagates; letting this escape would replace that verdict
                // with an exception of any type.
                _ = ex;
            }
        }

        base.Dispose(disposing);
    }

    private int Count(int read, int requested)
    {
        if (read < 0 || read > requested)
        {
            throw new BundleFormatException(CommonText.Get(nameof(CommonMessages.MsgEntryImpossibleCount), _where, read));
        }

        _bytes += read;
        if (_bytes > _maxBytes)
        {
            throw new BundleFormatException(
                CommonText.Get(nameof(CommonMessages.MsgEntryTooLarge), _where, _maxBytes));
        }

        return read;
    }

    private BundleFormatException Damaged(Exception ex) =>
        new(CommonText.Get(nameof(CommonMessages.MsgEntryDamaged), _where, HostileInput.Describe(ex)), ex);
}
