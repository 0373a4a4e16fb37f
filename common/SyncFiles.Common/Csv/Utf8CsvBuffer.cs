using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.IO;

namespace SyncFiles.Common.Csv;

/// <summary>
/// Builds CSV records of the bundle dialect (<see cref="CsvDialect"/>) straight into pooled UTF-8
/// buffers, with no string per value, and hands each filled buffer to a
/// <see cref="BackgroundStreamWriter"/> so the output stream (hash, compression, file) works on
/// another core. Quoting matches CsvHelper's RFC 4180 "when needed" rule byte for byte: a field is
/// quoted when it holds a comma, a double quote, CR or LF, and quotes inside are doubled.
/// </summary>
internal sealed class Utf8CsvBuffer : IAsyncDisposable
{
    // A record is never split between two submissions, so a buffer is handed on once it passes
    // this mark; a record longer than the buffer grows it.
    private const int BufferSize = 128 * 1024;
    private const int HandOverAt = BufferSize - (8 * 1024);

    // Four buffers in flight are enough to keep the consumer busy and cost 512 KB at most.
    private const int Depth = 4;

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly BackgroundStreamWriter _sink;
    private readonly HashingStream? _observer;
    private byte[] _buffer;
    private int _length;
    private bool _recordStarted;

    public Utf8CsvBuffer(Stream output, CancellationToken cancellationToken)
    {
        _sink = new BackgroundStreamWriter(output, Depth, cancellationToken);
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>
    /// Counts and hashes each buffer on this thread before handing it on, and leaves only the
    /// writing below <paramref name="output"/> (compression) to the other: for producers that have
    /// little else to do, such as copying CSV a database formatted.
    /// </summary>
    public Utf8CsvBuffer(HashingStream output, CancellationToken cancellationToken)
        : this(output.Unobserved, cancellationToken)
    {
        _observer = output;
    }

    /// <summary>NULL: an empty, unquoted field.</summary>
    public void WriteNull() => Separate();

    /// <summary>An empty string or empty binary value: <c>""</c>, which is not NULL.</summary>
    public void WriteQuotedEmpty()
    {
        var span = Field(2);
        span[0] = (byte)'"';
        span[1] = (byte)'"';
        _length += 2;
    }

    /// <summary>ASCII text known to need no quoting (true, false).</summary>
    public void WriteAscii(ReadOnlySpan<byte> text)
    {
        text.CopyTo(Field(text.Length));
        _length += text.Length;
    }

    /// <summary>Text, quoted when needed; an empty value must go through <see cref="WriteQuotedEmpty"/>.</summary>
    public void WriteText(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAny(NeedsQuotes))
        {
            var room = Field(MaxUtf8(text.Length));
            _length += Utf8.GetBytes(text, room);
            return;
        }

        // Worst case: every char is 3 bytes (a doubled quote is only 2), plus the two quotes.
        var span = Field(MaxUtf8(text.Length) + 2);
        var written = 0;
        span[written++] = (byte)'"';
        while (true)
        {
            var quote = text.IndexOf('"');
            var part = quote < 0 ? text : text[..quote];
            written += Utf8.GetBytes(part, span[written..]);
            if (quote < 0)
            {
                break;
            }

            span[written++] = (byte)'"';
            span[written++] = (byte)'"';
            text = text[(quote + 1)..];
        }

        span[written++] = (byte)'"';
        _length += written;
    }

    /// <summary>A number, GUID or date formatted by .NET straight into UTF-8 (never needs quotes).</summary>
    public void WriteFormatted<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable, IFormattable
    {
        var span = Field(64);
        if (value.TryFormat(span, out var written, format, Invariant))
        {
            _length += written;
            return;
        }

        // Longer than 64 bytes (a decimal padded to a large scale): format as text and take it.
        // The separator is already in place: reserve room after it, not a new field.
        var text = value.ToString(format.ToString(), Invariant);
        var room = Reserve(MaxUtf8(text.Length));
        _length += Utf8.GetBytes(text, room);
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss[.fffffff], trailing zeros of the fraction dropped (ValueText.DateTimeFormat).</summary>
    public void WriteDateTime(DateTime value)
    {
        var span = Field(27);
        var n = WriteDate(span, value.Year, value.Month, value.Day);
        span[n++] = (byte)'T';
        n += WriteTime(span[n..], value.Hour, value.Minute, value.Second, value.Ticks % TimeSpan.TicksPerSecond);
        _length += n;
    }

    /// <summary>yyyy-MM-dd (ValueText.DateFormat).</summary>
    public void WriteDate(DateOnly value)
    {
        var span = Field(10);
        _length += WriteDate(span, value.Year, value.Month, value.Day);
    }

    /// <summary>HH:mm:ss[.fffffff], trailing zeros of the fraction dropped (ValueText.TimeFormat).</summary>
    public void WriteTime(TimeOnly value)
    {
        var span = Field(16);
        _length += WriteTime(span, value.Hour, value.Minute, value.Second, value.Ticks % TimeSpan.TicksPerSecond);
    }

    /// <summary>Binary as base64; an empty value must go through <see cref="WriteQuotedEmpty"/>.</summary>
    public void WriteBase64(ReadOnlySpan<byte> bytes)
    {
        var span = Field(Base64.GetMaxEncodedToUtf8Length(bytes.Length));
        Base64.EncodeToUtf8(bytes, span, out _, out var written);
        _length += written;
    }

    /// <summary>
    /// Reads CSV bytes formatted elsewhere (records a database wrote) from <paramref name="source"/>
    /// straight into the buffer, after the records written so far, and returns what was read: empty
    /// at the end of <paramref name="source"/>. The returned bytes stay valid until the next call.
    /// A source that returns little per read (PostgreSQL sends a COPY row per message) should fill
    /// the buffer itself, as PostgresCsvStream does, so the caller's work stays per chunk.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadRawAsync(Stream source, CancellationToken cancellationToken)
    {
        if (_recordStarted)
        {
            throw new InvalidOperationException("Raw CSV can only follow a whole record.");
        }

        if (_length >= HandOverAt)
        {
            await HandOverAsync(cancellationToken);
        }

        var read = await source.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
        var chunk = _buffer.AsMemory(_length, read);
        _length += read;
        return chunk;
    }

    /// <summary>Ends the record with "\n" and hands the buffer on when it is nearly full.</summary>
    public ValueTask EndRecordAsync(CancellationToken cancellationToken)
    {
        Reserve(1)[0] = (byte)'\n';
        _length++;
        _recordStarted = false;
        return _length >= HandOverAt ? HandOverAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Writes out what is buffered and waits until the output stream has taken every byte.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await HandOverAsync(cancellationToken);
        }

        await _sink.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    // Field() and Reserve() move _length (the separator) and may swap the buffer: call them into a
    // local before adding to _length, never inside the compound assignment.
    private static int MaxUtf8(int chars) => checked((chars * 3) + 3);

    private static int WriteDate(Span<byte> span, int year, int month, int day)
    {
        Digits(span, year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], day, 2);
        return 10;
    }

    private static int WriteTime(Span<byte> span, int hour, int minute, int second, long fraction)
    {
        Digits(span, hour, 2);
        span[2] = (byte)':';
        Digits(span[3..], minute, 2);
        span[5] = (byte)':';
        Digits(span[6..], second, 2);
        if (fraction == 0)
        {
            // "FFFFFFF" writes no digit for a zero fraction, and then no point either.
            return 8;
        }

        span[8] = (byte)'.';
        var digits = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        Digits(span[9..], (int)fraction, digits);
        return 9 + digits;
    }

    private static void Digits(Span<byte> span, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    // Room for one more field of up to maxBytes, after the comma that separates it from the last.
    private Span<byte> Field(int maxBytes)
    {
        var span = Reserve(maxBytes + 1);
        if (!_recordStarted)
        {
            _recordStarted = true;
            return span;
        }

        span[0] = (byte)',';
        _length++;
        return span[1..];
    }

    private void Separate() => Field(0);

    private Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            // Only a record longer than the buffer gets here: grow, keeping the record whole.
            var larger = ArrayPool<byte>.Shared.Rent(checked(_length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length);
    }

    private async ValueTask HandOverAsync(CancellationToken cancellationToken)
    {
        var full = _buffer;
        var length = _length;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _length = 0;
        _observer?.Observe(full.AsSpan(0, length));
        await _sink.SubmitAsync(full, length, cancellationToken);
    }
}
