using System.Data.Common;
using System.Globalization;
using CsvHelper;
using SyncFiles.Common;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Tests.Support;

/// <summary>
/// The exporter's CSV writer as it was before it formatted straight into UTF-8 (CsvHelper's
/// writer, one string or char span per value), kept as the reference the new writer must match
/// byte for byte: bundles written by either are the same bundles.
/// </summary>
public sealed class CsvHelperTableWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly TableSchema _table;
    private readonly int[] _keyOrdinals;
    private readonly char[] _buffer = new char[128];

    public CsvHelperTableWriter(TableSchema table, IReadOnlyList<string> key)
    {
        _table = table;
        _keyOrdinals = key.Select(table.IndexOf).Where(i => i >= 0).ToArray();
    }

    /// <summary>Writes the header and every row; returns the number of data rows written.</summary>
    public async Task<long> WriteAsync(DbDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        if (reader.FieldCount != _table.Columns.Count)
        {
            throw new SyncFilesException(
                $"Table {_table.Name}: the query returned {reader.FieldCount} columns but the schema has {_table.Columns.Count}.");
        }

        var columns = _table.Columns;
        long rows = 0;
        await using (var csv = CsvWriter.Create(output, CsvDialect.WriterOptions, leaveOpen: true))
        {
            csv.WriteHeader(columns.Select(c => c.Name).ToArray());
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                for (var i = 0; i < columns.Count; i++)
                {
                    WriteValue(csv, reader, i, columns[i], rows);
                }

                csv.EndRecord();
            }

            await csv.FlushAsync(cancellationToken);
        }

        return rows;
    }

    private void WriteValue(CsvWriter csv, DbDataReader reader, int ordinal, ColumnSchema column, long row)
    {
        if (reader.IsDBNull(ordinal))
        {
            if (_table.Columns.Count == 1)
            {
                // A lone empty field is indistinguishable from an empty line, so format v1 cannot
                // carry NULL in a one-column table. Say so rather than write something ambiguous.
                throw Problem(reader, ordinal, row, "NULL cannot be exported from a table with a single column", null);
            }

            csv.WriteField(ReadOnlySpan<char>.Empty);
            return;
        }

        try
        {
            switch (column.Type)
            {
                case PortableType.String:
                    var text = reader.GetString(ordinal);
                    if (text.Length == 0)
                    {
                        csv.WriteField(string.Empty, CsvQuoting.Always);
                    }
                    else
                    {
                        csv.WriteField(text);
                    }

                    return;
                case PortableType.Boolean:
                    csv.WriteField(reader.GetBoolean(ordinal) ? "true" : "false");
                    return;
                case PortableType.Int16:
                    WriteFormatted(csv, reader.GetInt16(ordinal));
                    return;
                case PortableType.Int32:
                    WriteFormatted(csv, reader.GetInt32(ordinal));
                    return;
                case PortableType.Int64:
                    WriteFormatted(csv, reader.GetInt64(ordinal));
                    return;
                case PortableType.Decimal:
                    csv.WriteField(ValueText.FormatDecimal(reader.GetDecimal(ordinal), column.Scale));
                    return;
                case PortableType.Float32:
                    WriteFormatted(csv, reader.GetFloat(ordinal), "R");
                    return;
                case PortableType.Float64:
                    WriteFormatted(csv, reader.GetDouble(ordinal), "R");
                    return;
                case PortableType.Date or PortableType.DateTime or PortableType.DateTimeOffset
                    when reader.GetFieldType(ordinal) == typeof(string) && ValueText.TryParseTemporal(reader.GetString(ordinal), column.Type, out var parsed, out _):
                    // A date the source hands as text: PostgreSQL's infinities (PostgresRowReader), SQLite's text dates.
                    csv.WriteField(ValueText.Format(parsed!, column));
                    return;
                case PortableType.Date:
                    WriteFormatted(csv, reader.GetFieldValue<DateOnly>(ordinal), ValueText.DateFormat);
                    return;
                case PortableType.Time:
                    WriteFormatted(csv, reader.GetFieldValue<TimeOnly>(ordinal), ValueText.TimeFormat);
                    return;
                case PortableType.DateTime:
                    WriteFormatted(csv, reader.GetDateTime(ordinal), ValueText.DateTimeFormat);
                    return;
                case PortableType.DateTimeOffset:
                    WriteFormatted(csv, reader.GetFieldValue<DateTimeOffset>(ordinal), ValueText.DateTimeOffsetFormat);
                    return;
                case PortableType.Guid:
                    WriteFormatted(csv, reader.GetGuid(ordinal), "D");
                    return;
                case PortableType.Binary:
                    // Zero bytes encode to no text: quote it, as for the empty string, so it is not NULL.
                    var bytes = reader.GetFieldValue<byte[]>(ordinal);
                    csv.WriteField(Convert.ToBase64String(bytes), bytes.Length == 0 ? CsvQuoting.Always : CsvQuoting.WhenNeeded);
                    return;
                default:
                    throw new InvalidOperationException($"Unknown portable type {column.Type}.");
            }
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw Problem(reader, ordinal, row, $"the value cannot be read as {column.Type.ToString().ToLowerInvariant()}: {ex.Message}", ex);
        }
    }

    private void WriteFormatted<T>(CsvWriter csv, T value, string? format = null)
        where T : ISpanFormattable
    {
        if (!value.TryFormat(_buffer, out var written, format, Invariant))
        {
            csv.WriteField(value.ToString(format, Invariant));
            return;
        }

        csv.WriteField(_buffer.AsSpan(0, written));
    }

    private SyncFilesException Problem(DbDataReader reader, int ordinal, long row, string problem, Exception? inner)
    {
        var key = string.Join(", ", _keyOrdinals.Select(k => $"{_table.Columns[k].Name}={SafeValue(reader, k)}"));
        var where = $"Table {_table.Name}, row {row}{(key.Length > 0 ? $" ({key})" : string.Empty)}, column {_table.Columns[ordinal].Name}";
        var message = $"{where}: {problem}";
        return inner is null ? new SyncFilesException(message) : new SyncFilesException(message, inner);
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
