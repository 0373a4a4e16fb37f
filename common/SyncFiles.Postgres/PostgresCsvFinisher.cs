using System.Buffers;
using System.Text;
using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Postgres;

/// <summary>
/// Finishes, in the exporter, what the bundle form needs beyond the columns' own text as
/// PostgreSQL's COPY writes it (checks that cost the server more than they cost here,
/// docs/performance.md): the <c>T</c> between date and time of timestamp columns (the server writes
/// a space), and the refusal of the values no bundle can carry, which the reader path refuses too:
/// NaN in a numeric, a date or timestamp before year 1 (PostgreSQL's <c> BC</c> suffix) or after
/// 9999 (a year of five digits or more), and 24:00:00 as a time. <c>infinity</c> and
/// <c>-infinity</c> pass as they are (docs/bundle-format.md, section 7). The bytes are changed in
/// place as they stream past, chunk by chunk, with no copy.
/// </summary>
/// <remarks>
/// Fields are found with the CSV dialect's rules: a comma or line feed outside quotes ends one.
/// Date, time and numeric fields are never quoted; the quoted fields of other columns are skipped
/// whole, doubled quotes included (they leave and re-enter the quotes). The text forms are those of
/// DateStyle ISO, which the source snapshot sets for its transaction. A refused value is reported
/// at the end of its row, once the row's key values (which may come after it) have passed; until
/// then only the key fields and the first bytes of a checked field that a chunk cuts are kept.
/// </remarks>
internal sealed class PostgresCsvFinisher
{
    private static readonly SearchValues<byte> FieldEnds = SearchValues.Create(",\"\n"u8);

    // The date part of a timestamp's text, "yyyy-MM-dd", is 10 bytes: its separator comes next. A
    // year of five digits or more puts a digit there instead.
    private const int SeparatorOffset = 10;

    // The longest checked field kept whole when a chunk cuts it: every date, time or timestamp
    // PostgreSQL writes is shorter, and a numeric is only looked at by its first byte.
    private const int KeptLength = 64;

    private readonly TableSchema _table;
    private readonly Check[] _checks;
    private readonly bool[] _watched;
    private readonly int[] _keySlot;
    private readonly string[] _keyNames;
    private readonly byte[][] _keyValues;
    private readonly int[] _keyLengths;
    private readonly byte[] _kept = new byte[KeptLength];
    private int _column;
    private int _carried;
    private bool _inQuotes;
    private long _row = 1;
    private (int Column, string Value)? _refused;

    /// <param name="table">The table as the COPY writes it, column for column.</param>
    /// <param name="key">The columns that identify a row in a refusal's message (none: its line number).</param>
    public PostgresCsvFinisher(TableSchema table, IReadOnlyList<string> key)
    {
        _table = table;
        _checks = table.Columns.Select(c => c.Type switch
        {
            PortableType.DateTime => Check.Timestamp,
            PortableType.DateTimeOffset => Check.TimestampInUtc,
            PortableType.Date => Check.Date,
            PortableType.Time => Check.Time,
            PortableType.Decimal => Check.Decimal,
            _ => Check.Nothing,
        }).ToArray();
        _keyNames = key.Where(k => table.Columns.Any(c => c.Name == k)).ToArray();
        _keySlot = table.Columns.Select(c => Array.IndexOf(_keyNames, c.Name)).ToArray();
        _keyValues = _keyNames.Select(_ => new byte[32]).ToArray();
        _keyLengths = new int[_keyNames.Length];
        _watched = _checks.Select((check, i) => check != Check.Nothing || _keySlot[i] >= 0).ToArray();
    }

    private enum Check : byte
    {
        Nothing,

        // The T, and the range: years 1 to 9999 or an infinity.
        Timestamp,

        // The T only: PostgresCsvCopy's expression for timestamptz keeps its range guard in the
        // server (the UTC text it builds could not be cut back to "infinity" in place).
        TimestampInUtc,
        Date,
        Time,
        Decimal,
    }

    /// <summary>The rows' CSV as PostgresCsvCopy's statement writes it, the next bytes after the last call.</summary>
    /// <exception cref="SourceValueException">A row ended that holds a value no bundle can carry.</exception>
    public void Apply(Span<byte> chunk)
    {
        // The current field's first byte in this chunk (0 when it began in an earlier one).
        var start = 0;
        var i = 0;
        while (i < chunk.Length)
        {
            if (_inQuotes)
            {
                var close = chunk[i..].IndexOf((byte)'"');
                if (close < 0)
                {
                    break;
                }

                i += close + 1;
                _inQuotes = false;
                continue;
            }

            var end = chunk[i..].IndexOfAny(FieldEnds);
            if (end < 0)
            {
                break;
            }

            var at = i + end;
            var delimiter = chunk[at];
            if (delimiter == (byte)'"')
            {
                _inQuotes = true;
                i = at + 1;
                continue;
            }

            if (_column < _watched.Length && _watched[_column])
            {
                EndField(chunk[start..at]);
            }

            if (delimiter == (byte)',')
            {
                _column++;
            }
            else
            {
                EndRow();
            }

            _carried = 0;
            start = i = at + 1;
        }

        if (start < chunk.Length && _column < _watched.Length && _watched[_column])
        {
            Carry(chunk[start..]);
        }

        _carried += chunk.Length - start;
    }

    /// <summary>The COPY has ended: a refused value whose row never ended is still refused.</summary>
    /// <exception cref="SourceValueException">A value no bundle can carry is waiting for its row's end.</exception>
    public void Complete()
    {
        if (_refused is not null)
        {
            throw Refusal();
        }
    }

    // The part of a watched field that this chunk holds up to its end.
    private void EndField(Span<byte> part)
    {
        var check = _checks[_column];
        Separate(check, part);
        KeepKey(part);
        if (check is Check.Nothing or Check.TimestampInUtc)
        {
            return;
        }

        var length = _carried + part.Length;
        ReadOnlySpan<byte> field = part;
        if (_carried > 0)
        {
            Keep(part);
            field = _kept.AsSpan(0, Math.Min(length, KeptLength));
        }

        if (!Carries(check, field, length))
        {
            Refuse(check, field, length);
        }
    }

    // The part of a watched field that this chunk holds, cut by the chunk's end.
    private void Carry(Span<byte> part)
    {
        var check = _checks[_column];
        Separate(check, part);
        KeepKey(part);
        if (check is not (Check.Nothing or Check.TimestampInUtc))
        {
            Keep(part);
        }
    }

    // The space between date and time becomes a T, wherever a chunk cut the field.
    private void Separate(Check check, Span<byte> part)
    {
        var at = SeparatorOffset - _carried;
        if (check is Check.Timestamp or Check.TimestampInUtc && (uint)at < (uint)part.Length && part[at] == (byte)' ')
        {
            part[at] = (byte)'T';
        }
    }

    private void Keep(ReadOnlySpan<byte> part)
    {
        if (_carried < KeptLength)
        {
            part[..Math.Min(part.Length, KeptLength - _carried)].CopyTo(_kept.AsSpan(_carried));
        }
    }

    private void KeepKey(ReadOnlySpan<byte> part)
    {
        var slot = _keySlot[_column];
        if (slot < 0)
        {
            return;
        }

        var needed = _keyLengths[slot] + part.Length;
        if (needed > _keyValues[slot].Length)
        {
            Array.Resize(ref _keyValues[slot], Math.Max(needed, _keyValues[slot].Length * 2));
        }

        part.CopyTo(_keyValues[slot].AsSpan(_keyLengths[slot]));
        _keyLengths[slot] = needed;
    }

    // Whether a bundle can carry the field, given as its first bytes (all of them unless longer
    // than KeptLength) and its length; an empty field is NULL.
    private static bool Carries(Check check, ReadOnlySpan<byte> field, int length) => length == 0 || check switch
    {
        // "yyyy-MM-dd" is 10 bytes; " BC" or a fifth digit makes it longer, an infinity shorter.
        Check.Date => length == 10 || IsInfinity(field, length),

        // Only 24:00:00 has hour 24.
        Check.Time => !field.StartsWith("24"u8),

        // A T at offset 10 (put there by Separate) means a four-digit year; " BC" is a suffix.
        Check.Timestamp => length <= KeptLength && field.Length > SeparatorOffset && field[SeparatorOffset] == (byte)'T'
            ? field[^1] != (byte)'C'
            : IsInfinity(field, length),
        Check.Decimal => field[0] != (byte)'N',
        _ => true,
    };

    private static bool IsInfinity(ReadOnlySpan<byte> field, int length) =>
        length <= KeptLength && (field.SequenceEqual("infinity"u8) || field.SequenceEqual("-infinity"u8));

    private void Refuse(Check check, ReadOnlySpan<byte> field, int length)
    {
        if (_refused is not null)
        {
            return;
        }

        // Shown as PostgreSQL's own text, the space back in a timestamp.
        var value = new StringBuilder(Encoding.UTF8.GetString(field));
        if (check == Check.Timestamp && value.Length > SeparatorOffset && value[SeparatorOffset] == 'T')
        {
            value[SeparatorOffset] = ' ';
        }

        if (length > field.Length)
        {
            value.Append('…');
        }

        _refused = (_column, value.ToString());
    }

    private void EndRow()
    {
        if (_refused is not null)
        {
            throw Refusal();
        }

        _row++;
        _column = 0;
        Array.Clear(_keyLengths);
    }

    private SourceValueException Refusal()
    {
        var (column, value) = _refused!.Value;
        var name = _table.Columns[column].Name;

        // NaN keeps the row's number, as the reader path gives it for the same value.
        if (_keyNames.Length == 0 || _checks[column] == Check.Decimal)
        {
            return new SourceValueException(CommonText.Get(nameof(CommonMessages.SrcPostgresUncarried), _table.Name, _row, name, value));
        }

        var key = string.Join(", ", _keyNames.Select((k, slot) => k + "=" + KeyText(_keyValues[slot].AsSpan(0, _keyLengths[slot]))));
        return new SourceValueException(CommonText.Get(nameof(CommonMessages.SrcPostgresUncarriedKey), _table.Name, key, name, value));
    }

    // A key field as its value's text: unquoted, NULL for an empty unquoted field.
    private static string KeyText(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return "NULL";
        }

        return field[0] == (byte)'"' && field.Length >= 2
            ? Encoding.UTF8.GetString(field[1..^1]).Replace("\"\"", "\"", StringComparison.Ordinal)
            : Encoding.UTF8.GetString(field);
    }
}
