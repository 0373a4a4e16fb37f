using System.Data.Common;
using System.Globalization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Csv;

/// <summary>
/// Streams the rows of a <see cref="DbDataReader"/> into CSV in the bundle dialect, one row at a
/// time: each value is read with its column's typed getter and formatted straight into UTF-8
/// (<see cref="Utf8CsvBuffer"/>), while another thread hashes and compresses the bytes already
/// formatted. No collection of rows and no string per number or date.
/// </summary>
public sealed class TableCsvWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly TableSchema _table;
    private readonly int[] _keyOrdinals;
    private long _rowsWritten;

    // "F<scale>" per decimal column with a declared scale, chosen once (ValueText.FormatDecimal).
    private readonly string?[] _decimalPadding;

    public TableCsvWriter(TableSchema table, IReadOnlyList<string> key)
    {
        _table = table;
        _keyOrdinals = key.Select(table.IndexOf).Where(i => i >= 0).ToArray();
        _decimalPadding = table.Columns
            .Select(c => c.Type == PortableType.Decimal && c.Scale is int s ? "F" + s.ToString(Invariant) : null)
            .ToArray();
    }

    /// <summary>
    /// Rows written so far by <see cref="WriteAsync"/>, readable from another thread while it runs
    /// (the live progress display samples it on a timer; the loop only stores a counter).
    /// </summary>
    public long RowsWritten => Volatile.Read(ref _rowsWritten);

    /// <summary>
    /// Writes the header and every row; returns the number of data rows written. The output stream
    /// is written from another thread while this runs, and never after it returns.
    /// </summary>
    public async Task<long> WriteAsync(DbDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        if (reader.FieldCount != _table.Columns.Count)
        {
            throw new SyncFilesException(
                CommonText.Get(nameof(CommonMessages.MsgCsvWriteColumnCount), _table.Name, reader.FieldCount, _table.Columns.Count));
        }

        var types = _table.Columns.Select(c => c.Type).ToArray();
        long rows = 0;
        await using var csv = new Utf8CsvBuffer(output, cancellationToken);
        await WriteHeaderAsync(csv, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            _rowsWritten = rows;
            for (var i = 0; i < types.Length; i++)
            {
                WriteValue(csv, reader, i, types[i], rows);
            }

            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.CompleteAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// Writes the header, then the records of <paramref name="records"/>, CSV the database formatted
    /// itself (<see cref="Providers.ISourceSnapshot.TryReadRowsAsCsvAsync"/>), byte for byte; returns
    /// the number of records, counted as they pass. Bytes that end inside a record are an error.
    /// </summary>
    /// <remarks>
    /// When <paramref name="output"/> is a <see cref="HashingStream"/>, its hashing runs here, beside
    /// the copy, and only the compression on the other thread: the two then take about as long.
    /// </remarks>
    public async Task<long> CopyAsync(Stream records, Stream output, CancellationToken cancellationToken)
    {
        var counter = new CsvRecordCounter();
        await using var csv = output is HashingStream hashing
            ? new Utf8CsvBuffer(hashing, cancellationToken)
            : new Utf8CsvBuffer(output, cancellationToken);
        await WriteHeaderAsync(csv, cancellationToken);
        while (true)
        {
            var chunk = await csv.ReadRawAsync(records, cancellationToken);
            if (chunk.IsEmpty)
            {
                break;
            }

            counter.Count(chunk.Span);
            _rowsWritten = counter.Records;
        }

        if (!counter.AtRecordBoundary)
        {
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.MsgCsvWriteEndedInRecord), _table.Name, counter.Records));
        }

        await csv.CompleteAsync(cancellationToken);
        return counter.Records;
    }

    private async Task WriteHeaderAsync(Utf8CsvBuffer csv, CancellationToken cancellationToken)
    {
        foreach (var column in _table.Columns)
        {
            csv.WriteText(column.Name);
        }

        await csv.EndRecordAsync(cancellationToken);
    }

    private void WriteValue(Utf8CsvBuffer csv, DbDataReader reader, int ordinal, PortableType type, long row)
    {
        if (reader.IsDBNull(ordinal))
        {
            if (_table.Columns.Count == 1)
            {
                // A lone empty field is indistinguishable from an empty line, so format v1 cannot
                // carry NULL in a one-column table. Say so rather than write something ambiguous.
                throw Problem(reader, ordinal, row, CommonText.Get(nameof(CommonMessages.MsgCsvWriteNullSingleColumn)), null);
            }

            csv.WriteNull();
            return;
        }

        try
        {
            switch (type)
            {
                case PortableType.String:
                    var text = reader.GetString(ordinal);
                    if (text.Length == 0)
                    {
                        csv.WriteQuotedEmpty();
                    }
                    else
                    {
                        csv.WriteText(text);
                    }

                    return;
                case PortableType.Boolean:
                    csv.WriteAscii(reader.GetBoolean(ordinal) ? "true"u8 : "false"u8);
                    return;
                case PortableType.Int16:
                    csv.WriteFormatted(reader.GetInt16(ordinal), default);
                    return;
                case PortableType.Int32:
                    csv.WriteFormatted(reader.GetInt32(ordinal), default);
                    return;
                case PortableType.Int64:
                    csv.WriteFormatted(reader.GetInt64(ordinal), default);
                    return;
                case PortableType.Decimal:
                    // A declared scale pads and never rounds (ValueText.FormatDecimal).
                    var number = reader.GetDecimal(ordinal);
                    var padding = _decimalPadding[ordinal];
                    csv.WriteFormatted(number, padding is not null && number.Scale < _table.Columns[ordinal].Scale ? padding : default);
                    return;
                case PortableType.Float32:
                    csv.WriteFormatted(reader.GetFloat(ordinal), "R");
                    return;
                case PortableType.Float64:
                    csv.WriteFormatted(reader.GetDouble(ordinal), "R");
                    return;
                case PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset when reader.GetFieldType(ordinal) == typeof(string):
                    WriteTemporalText(csv, reader, ordinal, type);
                    return;
                case PortableType.Date:
                    csv.WriteDate(reader.GetFieldValue<DateOnly>(ordinal));
                    return;
                case PortableType.Time:
                    csv.WriteTime(reader.GetFieldValue<TimeOnly>(ordinal));
                    return;
                case PortableType.DateTime:
                    csv.WriteDateTime(reader.GetDateTime(ordinal));
                    return;
                case PortableType.DateTimeOffset:
                    csv.WriteFormatted(reader.GetFieldValue<DateTimeOffset>(ordinal), ValueText.DateTimeOffsetFormat);
                    return;
                case PortableType.Guid:
                    csv.WriteFormatted(reader.GetGuid(ordinal), "D");
                    return;
                case PortableType.Binary:
                    // Zero bytes encode to no text: quote it, as for the empty string, so it is not NULL.
                    var bytes = reader.GetFieldValue<byte[]>(ordinal);
                    if (bytes.Length == 0)
                    {
                        csv.WriteQuotedEmpty();
                    }
                    else
                    {
                        csv.WriteBase64(bytes);
                    }

                    return;
                default:
                    throw new InvalidOperationException($"Unknown portable type {type}.");
            }
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw Problem(reader, ordinal, row, CommonText.Get(nameof(CommonMessages.MsgCsvWriteCannotRead), type.ToString().ToLowerInvariant(), ex is ValueRefusedException refused ? refused.Text : LocalizedText.Untranslated(ex.Message)), ex);
        }
    }

    /// <summary>
    /// A date, date-time or date-time with offset the source hands as text (its field type in this
    /// row is string): PostgreSQL's <c>infinity</c> / <c>-infinity</c>, which no .NET date holds
    /// (PostgresRowReader hands them so, and a SQLite head office stores them so), a value already
    /// in its bundle form, or text in the driver's own layout (SQLite keeps dates as text), which
    /// the typed getter reads as before.
    /// </summary>
    private static void WriteTemporalText(Utf8CsvBuffer csv, DbDataReader reader, int ordinal, PortableType type)
    {
        var text = reader.GetString(ordinal);

        // The usual text first, read straight from its digits: a failed TryParseExact and the
        // typed getter's own parse cost several times more (docs/performance.md, "Per-row costs cut").
        if (type == PortableType.DateTime && ValueText.TryParseCanonicalDateTime(text, out var canonical))
        {
            csv.WriteDateTime(canonical);
            return;
        }

        if (type == PortableType.Date && ValueText.TryParseCanonicalDate(text, out var day))
        {
            csv.WriteDate(day);
            return;
        }

        if (ValueText.TryParseTemporal(text, type, out var value, out _))
        {
            switch (value)
            {
                case TemporalInfinity infinity:
                    csv.WriteAscii(infinity.Utf8);
                    return;
                case DateOnly date:
                    csv.WriteDate(date);
                    return;
                case DateTime dateTime:
                    csv.WriteDateTime(dateTime);
                    return;
                case DateTimeOffset offset:
                    csv.WriteFormatted(offset, ValueText.DateTimeOffsetFormat);
                    return;
            }
        }

        try
        {
            switch (type)
            {
                case PortableType.Date:
                    csv.WriteDate(reader.GetFieldValue<DateOnly>(ordinal));
                    return;
                case PortableType.DateTime:
                    csv.WriteDateTime(reader.GetDateTime(ordinal));
                    return;
                default:
                    csv.WriteFormatted(reader.GetFieldValue<DateTimeOffset>(ordinal), ValueText.DateTimeOffsetFormat);
                    return;
            }
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException)
        {
            // Name the text: a SQLite date column may hold any text at all.
            throw new FormatException($"'{text}' is not a {type.ToString().ToLowerInvariant()} a bundle can carry", ex);
        }
    }

    private SourceValueException Problem(DbDataReader reader, int ordinal, long row, LocalizedText problem, Exception? inner)
    {
        string key;
        try
        {
            key = string.Join(", ", _keyOrdinals.Select(k => $"{_table.Columns[k].Name}={SafeValue(reader, k)}"));
        }
        catch (InvalidOperationException)
        {
            // A reader opened with SequentialAccess (PostgreSQL's) cannot go back to the key
            // columns before this one: the row number says which row.
            key = string.Empty;
        }


        var message = key.Length > 0
            ? CommonText.Get(nameof(CommonMessages.MsgCsvWriteValueAtKey), _table.Name, row, key, _table.Columns[ordinal].Name, problem)
            : CommonText.Get(nameof(CommonMessages.MsgCsvWriteValueAt), _table.Name, row, _table.Columns[ordinal].Name, problem);
        return inner is null ? new SourceValueException(message) : new SourceValueException(message, inner);
    }

    private static string SafeValue(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return "NULL";
        }

        return Convert.ToString(reader.GetValue(ordinal), Invariant) ?? "NULL";
    }
}
