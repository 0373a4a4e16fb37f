using System.Buffers;

namespace SyncFiles.Common.Csv;

/// <summary>
/// Counts the records of CSV bytes in the bundle dialect as they stream past, chunk by chunk,
/// without parsing a field: a record ends at a line feed outside quotes. A doubled quote inside a
/// quoted field leaves and re-enters the quotes with nothing in between, so it needs no special case.
/// </summary>
internal sealed class CsvRecordCounter
{
    private static readonly SearchValues<byte> QuoteOrLineFeed = SearchValues.Create("\"\n"u8);

    private bool _inQuotes;
    private bool _atRecordStart = true;

    /// <summary>Records ended so far.</summary>
    public long Records { get; private set; }

    /// <summary>Whether the bytes so far end with a whole record (or are empty).</summary>
    public bool AtRecordBoundary => _atRecordStart && !_inQuotes;

    public void Count(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        _atRecordStart = chunk[^1] == (byte)'\n';
        while (!chunk.IsEmpty)
        {
            if (_inQuotes)
            {
                var close = chunk.IndexOf((byte)'"');
                if (close < 0)
                {
                    break;
                }

                _inQuotes = false;
                chunk = chunk[(close + 1)..];
                continue;
            }

            var next = chunk.IndexOfAny(QuoteOrLineFeed);
            if (next < 0)
            {
                break;
            }

            if (chunk[next] == (byte)'\n')
            {
                Records++;
            }
            else
            {
                _inQuotes = true;
            }

            chunk = chunk[(next + 1)..];
        }

        // A last line feed inside quotes does not end a record.
        _atRecordStart &= !_inQuotes;
    }
}
