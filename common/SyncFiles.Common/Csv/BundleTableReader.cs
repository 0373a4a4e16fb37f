using System.Collections;
using System.Data.Common;
using CsvHelper;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Csv;

/// <summary>
/// A forward-only <see cref="DbDataReader"/> over one table's CSV in a bundle: it checks the header,
/// parses every field as its column's portable type (NULL is an empty unquoted field, "" is the
/// empty string) and stops at the first bad value with the bundle, table, line and column. When the
/// rows run out it verifies the entry's size, SHA-256 and row count against the manifest, so a
/// consumer that reads to the end has read exactly what the exporter wrote. Bulk loaders of every
/// provider consume it directly; one row's values are the only ones held in memory (a record is at
/// most <see cref="BundleLimits.MaxRecordBytes"/>, a field <see cref="BundleLimits.MaxFieldBytes"/>).
/// Whatever goes wrong in the bytes underneath (decompression, CSV syntax, encoding) comes out as a
/// <see cref="BundleFormatException"/>.
/// </summary>
public sealed class BundleTableReader : DbDataReader
{
    private readonly BundleReader.TableStream _source;
    private readonly CsvReader _csv;
    private readonly ManifestTable _table;
    private readonly ColumnSchema[] _columns;
    private readonly object?[] _values;
    private readonly string _bundle;
    private readonly BundleLimits _limits;
    private long _rows;
    private bool _finished;
    private bool _closed;

    private readonly Func<object, string?>?[]? _checks;

    /// <param name="bundle">The open bundle.</param>
    /// <param name="table">The table to read.</param>
    /// <param name="tombstones">Read the table's tombstones (key columns, in key order) instead of its rows.</param>
    /// <param name="checks">Optional per-column checks of parsed values (does it fit the target?), returning a problem or null.</param>
    public BundleTableReader(BundleReader bundle, ManifestTable table, bool tombstones = false, IReadOnlyList<Func<object, string?>?>? checks = null)
    {
        _bundle = bundle.DisplayName;
        _limits = bundle.Limits;
        _table = table;
        _columns = tombstones
            ? table.Key.Select(k => table.Columns.First(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase)).ToSchema()).ToArray()
            : table.Columns.Select(c => c.ToSchema()).ToArray();
        _checks = checks?.ToArray();
        _values = new object?[_columns.Length];
        _source = tombstones ? bundle.OpenTombstones(table) : bundle.OpenTable(table);
        try
        {
            var strict = new StrictLineEndStream(_source.Content, (line, problem) => BundleFormatException.At(Location(line, null), problem));
            _csv = CsvReader.Create(strict, CsvDialect.ReaderOptionsFor(_limits.MaxRecordBytes), leaveOpen: true);
            ReadHeader();
        }
        catch
        {
            _csv?.Dispose();
            _source.Dispose();
            throw;
        }
    }

    public ManifestTable Table => _table;

    /// <summary>Data rows read so far.</summary>
    public long RowsRead => _rows;

    /// <summary>Bytes of CSV read so far (decompressed); the live progress display samples it.</summary>
    public long BytesRead => _source.Content.BytesCounted;

    public override int FieldCount => _columns.Length;

    public override int RecordsAffected => -1;

    public override bool HasRows => _table.Rows > 0;

    public override bool IsClosed => _closed;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (!NextRecord())
        {
            return false;
        }

        ParseRow();
        return true;
    }

    /// <summary>
    /// Reads the remaining records without parsing their values, then verifies the entry as
    /// <see cref="Read"/> does at its end: header, CSV syntax, byte count, SHA-256 and row count
    /// are checked; the values are not (no type, NOT NULL or target check), so this is only for a
    /// CSV whose SHA-256 is that of one already verified value by value. Returns the rows read in all.
    /// </summary>
    public long SkipToEnd(CancellationToken cancellationToken)
    {
        while (NextRecord())
        {
            if ((_rows & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return _rows;
    }

    /// <summary>Moves to the next record and counts it; at the end, verifies the entry against the manifest.</summary>
    private bool NextRecord()
    {
        if (_finished)
        {
            return false;
        }

        bool more;
        try
        {
            more = _csv.Read();
        }
        catch (CsvFormatException ex)
        {
            throw BundleFormatException.At(Location(ex.LineNumber > 0 ? ex.LineNumber : null, null), CommonText.Get(nameof(CommonMessages.CsvMalformed), HostileInput.Printable(ex.Message, 300, asciiOnly: false)), ex);
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            // The CSV parser fed hostile bytes may throw anything (decompression failures already
            // arrive as BundleFormatException from the entry stream and pass through unchanged).
            throw BundleFormatException.At(Location(LineOrNull(), null), CommonText.Get(nameof(CommonMessages.CsvUnreadable), HostileInput.Describe(ex)), ex);
        }

        if (!more)
        {
            _finished = true;
            _source.VerifyComplete(_rows);
            return false;
        }

        _rows++;
        return true;
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read() ? TrueTask : FalseTask;
    }

    public override bool NextResult() => false;

    public override object GetValue(int ordinal) => _values[ordinal] ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, _values.Length);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => _values[ordinal] is null;

    public override string GetName(int ordinal) => _columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, $"Table {_table.Name} has no column {name}.");
    }

    public ColumnSchema GetColumn(int ordinal) => _columns[ordinal];

    public override Type GetFieldType(int ordinal) => ValueText.ClrType(_columns[ordinal].Type);

    public override string GetDataTypeName(int ordinal) => _columns[ordinal].Type.ToString().ToLowerInvariant();

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])GetValue(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)GetValue(ordinal);

    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

    public override short GetInt16(int ordinal) => (short)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override T GetFieldValue<T>(int ordinal) => (T)GetValue(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _csv.Dispose();
        _source.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    private void ReadHeader()
    {
        IReadOnlyList<string> headers;
        try
        {
            _csv.ReadHeader();
            headers = _csv.Headers;
        }
        catch (CsvFormatException ex)
        {
            throw BundleFormatException.At(Location(1, null), CommonText.Get(nameof(CommonMessages.CsvMalformedHeader), HostileInput.Printable(ex.Message, 300, asciiOnly: false)), ex);
        }
        catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
        {
            throw BundleFormatException.At(Location(1, null), CommonText.Get(nameof(CommonMessages.CsvHeaderUnreadable), HostileInput.Describe(ex)), ex);
        }

        for (var i = 0; i < Math.Max(headers.Count, _columns.Length); i++)
        {
            if (i >= headers.Count || i >= _columns.Length || !string.Equals(headers[i], _columns[i].Name, StringComparison.Ordinal))
            {
                var expected = string.Join(",", _columns.Select(c => c.Name));
                throw BundleFormatException.At(
                    Location(1, i < _columns.Length ? _columns[i].Name : null),
                    CommonText.Get(nameof(CommonMessages.CsvHeaderMismatch), HostileInput.Printable(string.Join(",", headers), 300, asciiOnly: false), expected));
            }
        }
    }

    private void ParseRow()
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var raw = _csv.GetRawSpan(i);
            if (raw.Length == 0)
            {
                if (!column.Nullable)
                {
                    throw BundleFormatException.At(Location(_csv.LineNumber, column.Name), CommonText.Get(nameof(CommonMessages.CsvNullInNotNull)));
                }

                _values[i] = null;
                continue;
            }

            if (raw.Length > _limits.MaxFieldBytes)
            {
                throw BundleFormatException.At(Location(_csv.LineNumber, column.Name), CommonText.Get(nameof(CommonMessages.CsvFieldTooLong), raw.Length, _limits.MaxFieldBytes));
            }

            if (raw.Contains((byte)0))
            {
                // No portable database text type stores U+0000 (PostgreSQL refuses it, others cut at it).
                throw BundleFormatException.At(Location(_csv.LineNumber, column.Name), CommonText.Get(nameof(CommonMessages.CsvNul)));
            }

            var text = _csv.GetSpan(i);
            object? value;
            LocalizedText? problem;
            try
            {
                if (!ValueText.TryParse(text, column, out value, out problem))
                {
                    throw BundleFormatException.AtValue(Location(_csv.LineNumber, column.Name), CommonText.Get(nameof(CommonMessages.CsvNotValid), column.Type.ToString().ToLowerInvariant(), problem), Display(text));
                }
            }
            catch (Exception ex) when (HostileInput.IsDecodingFailure(ex))
            {
                throw BundleFormatException.AtValue(Location(_csv.LineNumber, column.Name), CommonText.Get(nameof(CommonMessages.CsvCannotParse), HostileInput.Describe(ex)), Display(text), ex);
            }

            if (_checks?[i] is { } check && check(value!) is { } misfit)
            {
                throw BundleFormatException.AtValue(Location(_csv.LineNumber, column.Name), misfit, Display(text));
            }

            _values[i] = value;
        }
    }

    private DataLocation Location(long? line, string? column) => new(_bundle + ":" + _source.File, _table.Name, line, column);

    private long? LineOrNull() => _csv.LineNumber > 0 ? _csv.LineNumber : null;

    /// <summary>
    /// A refused field's text for <c>.error.txt</c> only (never a message): decoded leniently,
    /// control characters escaped, at most 40 characters with "..." when cut.
    /// </summary>
    private static string Display(ReadOnlySpan<byte> utf8) =>
        HostileInput.Printable(System.Text.Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 256)]), 43, asciiOnly: false);
}
