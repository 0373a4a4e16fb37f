using SyncFiles.Common.IO;

namespace SyncFiles.Common.Csv;

/// <summary>
/// Passes a bundle CSV's bytes to the CSV parser while refusing what format v1 forbids but the
/// parser would quietly accept: a byte order mark (it skips one), a carriage return outside a
/// quoted field (it also takes "\r\n" and a lone "\r" as record ends, so the same bytes could read
/// as different rows here and in another tool), and a last record without its "\n". Quote state
/// is tracked by parity, which is exact for every input the parser accepts (RFC 4180: a quote
/// opens a field, doubles inside it, or closes it); any other input the parser refuses anyway.
/// </summary>
internal sealed class StrictLineEndStream : ForwardReadStream
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _inner;
    private readonly Func<long, string, Exception> _refuse;
    private long _position;
    private long _line = 1;
    private bool _inQuotes;
    private bool _bomPossible = true;
    private byte _last;

    /// <param name="inner">The CSV bytes.</param>
    /// <param name="refuse">Makes the exception for a problem at a (1-based, physical) line.</param>
    public StrictLineEndStream(Stream inner, Func<long, string, Exception> refuse)
    {
        _inner = inner;
        _refuse = refuse;
    }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Scan(buffer[..read], buffer.Length);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        Scan(buffer.Span[..read], buffer.Length);
        return read;
    }

    private void Scan(ReadOnlySpan<byte> bytes, int requested)
    {
        if (bytes.IsEmpty)
        {
            // Nothing more for a non-empty request is the end: every record, the last included, ends with \n.
            if (requested > 0 && _position > 0 && _last != (byte)'\n')
            {
                throw _refuse(_line, "the last record does not end with \\n; refused.");
            }

            return;
        }

        if (_bomPossible)
        {
            CheckBom(bytes);
        }

        var rest = bytes;
        int next;
        while ((next = rest.IndexOfAny((byte)'"', (byte)'\r', (byte)'\n')) >= 0)
        {
            switch (rest[next])
            {
                case (byte)'"':
                    _inQuotes = !_inQuotes;
                    break;
                case (byte)'\n':
                    _line++;
                    break;
                default:
                    if (!_inQuotes)
                    {
                        throw _refuse(_line, "a carriage return outside a quoted field: format v1 ends records with \\n only (never \\r\\n or \\r); refused.");
                    }

                    break;
            }

            rest = rest[(next + 1)..];
        }

        _position += bytes.Length;
        _last = bytes[^1];
    }

    private void CheckBom(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length && _position + i < Bom.Length; i++)
        {
            if (bytes[i] != Bom[(int)_position + i])
            {
                _bomPossible = false;
                return;
            }
        }

        if (_position + bytes.Length >= Bom.Length)
        {
            throw _refuse(1, "starts with a byte order mark: format v1 CSV is UTF-8 without one; refused.");
        }
    }
}
