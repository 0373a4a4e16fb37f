using System.Data.Common;
using System.Globalization;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Sqlite;

/// <summary>
/// A SQLite source's rows, each value checked against its column's declared type before the
/// writer formats it. SQLite does not enforce declared types, and its driver converts silently
/// (2.5 or 'abc' in an INTEGER column read as 2 or 0, 2 or 'yes' in a BOOLEAN as true or false);
/// the manifest carries the declaration to head office, so a value that breaks it is refused here,
/// with the rule it breaks (TableCsvWriter adds table, row, key and column).
/// </summary>
internal sealed class SqliteRowReader : ForwardingDataReader
{
    private readonly ColumnSchema[] _columns;
    private readonly decimal?[] _integerLimits;

    /// <param name="inner">The driver's rows; this reader owns them and disposes them.</param>
    /// <param name="table">The table whose columns they are, in order.</param>
    public SqliteRowReader(DbDataReader inner, TableSchema table)
        : base(inner)
    {
        _columns = [.. table.Columns];
        _integerLimits = _columns
            .Select(c => c.Precision is int p && c.Scale is int s && p - s < 29 ? Pow10(p - s) : (decimal?)null)
            .ToArray();
    }

    public override long GetInt64(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt64(ordinal);
    }

    public override short GetInt16(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt16(ordinal);
    }

    public override int GetInt32(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt32(ordinal);
    }

    public override bool GetBoolean(int ordinal)
    {
        RequireInteger(ordinal);
        return Inner.GetInt64(ordinal) switch
        {
            0 => false,
            1 => true,
            var other => throw Refused(ordinal, $"{other} is not 0 or 1"),
        };
    }

    public override decimal GetDecimal(int ordinal)
    {
        var number = Inner.GetDecimal(ordinal);
        var column = _columns[ordinal];
        if (column.Scale is int scale && number.Scale > scale)
        {
            // Trailing zeros beyond the scale change nothing (2.500 is 2.50); other digits would be rounded.
            var rounded = decimal.Round(number, scale);
            if (rounded != number)
            {
                throw Refused(ordinal, $"{number.ToString(CultureInfo.InvariantCulture)} has {number.Scale} decimal places");
            }

            number = rounded;
        }

        if (_integerLimits[ordinal] is decimal limit && Math.Abs(decimal.Truncate(number)) >= limit)
        {
            throw Refused(ordinal, $"{number.ToString(CultureInfo.InvariantCulture)} has more than {column.Precision - column.Scale} digits before the point");
        }

        return number;
    }

    public override string GetString(int ordinal)
    {
        var text = Inner.GetString(ordinal);
        if (_columns[ordinal] is { Type: PortableType.String, Length: int max } && text.Length > max)
        {
            throw Refused(ordinal, $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is {text.Length} characters");
        }

        return text;
    }

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // The storage class of this row's value: the driver reads REAL and TEXT as an integer by truncating.
    private void RequireInteger(int ordinal)
    {
        var stored = Inner.GetFieldType(ordinal);
        if (stored != typeof(long))
        {
            var what = stored == typeof(double) ? "a real number" : stored == typeof(string) ? "text" : "a blob";
            throw Refused(ordinal, $"{Quoted(ordinal, stored)} is {what}");
        }
    }

    private string Quoted(int ordinal, Type stored) => stored == typeof(string)
        ? $"'{Inner.GetString(ordinal)}'"
        : stored == typeof(double) ? Inner.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture) : "the value";

    private FormatException Refused(int ordinal, string rule)
    {
        var column = _columns[ordinal];
        var declared = column.Type switch
        {
            PortableType.Decimal when column.Precision is int p => $"DECIMAL({p},{column.Scale ?? 0})",
            PortableType.String when column.Length is int n => $"VARCHAR({n})",
            PortableType.Boolean => "BOOLEAN",
            _ => "INTEGER",
        };
        return new FormatException($"{rule}; the column is declared {declared}, and the manifest carries declared types to head office.");
    }

    private static decimal Pow10(int digits)
    {
        var value = 1m;
        for (var i = 0; i < digits; i++)
        {
            value *= 10;
        }

        return value;
    }
}
