using System.Buffers;
using SyncFiles.Common;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Postgres;

/// <summary>
/// Finishes, in the exporter, the two parts of the bundle form that cost PostgreSQL most to
/// produce in its COPY (docs/performance.md): the <c>T</c> between date and time of timestamp
/// columns (the server writes a space) and the refusal of <c>NaN</c> in numeric columns. The bytes
/// are changed in place as they stream past, chunk by chunk, with no copy.
/// </summary>
/// <remarks>
/// Fields are found with the CSV dialect's rules: a comma or line feed outside quotes ends one.
/// Timestamp and numeric fields are never quoted; the quoted fields of other columns are skipped
/// whole, doubled quotes included (they leave and re-enter the quotes).
/// </remarks>
internal sealed class PostgresCsvFinisher
{
    private static readonly SearchValues<byte> FieldEnds = SearchValues.Create(",\"\n"u8);

    // The date part of a timestamp's text, "yyyy-MM-dd", is 10 bytes: its separator comes next.
    private const int SeparatorOffset = 10;

    private readonly TableSchema _table;
    private readonly Finish[] _finish;
    private int _column;
    private long _fieldOffset;
    private bool _inQuotes;
    private long _row = 1;

    public PostgresCsvFinisher(TableSchema table)
    {
        _table = table;
        _finish = table.Columns.Select(c => c.Type switch
        {
            PortableType.DateTime or PortableType.DateTimeOffset => Finish.DateTimeSeparator,
            PortableType.Decimal => Finish.RefuseNaN,
            _ => Finish.Nothing,
        }).ToArray();
    }

    private enum Finish : byte
    {
        Nothing,
        DateTimeSeparator,
        RefuseNaN,
    }

    /// <summary>The rows' CSV as PostgresCsvCopy's statement writes it, the next bytes after the last call.</summary>
    public void Apply(Span<byte> chunk)
    {
        var i = 0;
        while (i < chunk.Length)
        {
            if (_inQuotes)
            {
                var close = chunk[i..].IndexOf((byte)'"');
                if (close < 0)
                {
                    return;
                }

                i += close + 1;
                _inQuotes = false;
                continue;
            }

            var end = chunk[i..].IndexOfAny(FieldEnds);
            var fieldEnd = end < 0 ? chunk.Length : i + end;
            var finish = _column < _finish.Length ? _finish[_column] : Finish.Nothing;
            if (finish == Finish.DateTimeSeparator && _fieldOffset <= SeparatorOffset)
            {
                var at = i + (int)(SeparatorOffset - _fieldOffset);
                if (at < fieldEnd && chunk[at] == (byte)' ')
                {
                    chunk[at] = (byte)'T';
                }
            }
            else if (finish == Finish.RefuseNaN && _fieldOffset == 0 && i < fieldEnd && chunk[i] == (byte)'N')
            {
                throw new SourceValueException(CommonText.Get(nameof(CommonMessages.SrcPostgresNaN), _table.Name, _row, _table.Columns[_column].Name));
            }

            if (end < 0)
            {
                _fieldOffset += chunk.Length - i;
                return;
            }

            switch (chunk[fieldEnd])
            {
                case (byte)'"':
                    _inQuotes = true;
                    _fieldOffset += end + 1;
                    break;
                case (byte)',':
                    _column++;
                    _fieldOffset = 0;
                    break;
                default:
                    _row++;
                    _column = 0;
                    _fieldOffset = 0;
                    break;
            }

            i = fieldEnd + 1;
        }
    }
}
