using System.Data.Common;
using SyncFiles.Common.Csv;

namespace SyncFiles.MySql;

/// <summary>
/// The bundle's rows as MySqlBulkCopy loads them into the staging table: each value in a form
/// LOAD DATA reads into the column exactly (a date-time with offset as its UTC date-time, which a
/// TIMESTAMP column in a UTC session stores as that instant; a GUID as its text; a DateOnly or
/// TimeOnly as the DateTime or TimeSpan the driver formats), and the site column, when there is
/// one, appended with the bundle's site.
/// </summary>
internal sealed class MySqlStagingReader : ForwardingDataReader
{
    private readonly int _bundleColumns;
    private readonly string? _site;

    public MySqlStagingReader(DbDataReader rows, string? site)
        : base(rows)
    {
        _bundleColumns = rows.FieldCount;
        _site = site;
    }

    /// <summary>Rows read so far.</summary>
    public long Rows { get; private set; }

    public override int FieldCount => _bundleColumns + (_site is null ? 0 : 1);

    public override bool Read()
    {
        var read = Inner.Read();
        Rows += read ? 1 : 0;
        return read;
    }

    public override async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await Inner.ReadAsync(cancellationToken);
        Rows += read ? 1 : 0;
        return read;
    }

    public override string GetName(int ordinal) => ordinal < _bundleColumns ? Inner.GetName(ordinal) : "site";

    public override Type GetFieldType(int ordinal) => GetValue(ordinal) switch
    {
        DBNull => ordinal < _bundleColumns ? Inner.GetFieldType(ordinal) : typeof(string),
        var value => value.GetType(),
    };

    public override bool IsDBNull(int ordinal) => ordinal < _bundleColumns && Inner.IsDBNull(ordinal);

    public override object GetValue(int ordinal) => ordinal >= _bundleColumns ? _site! : Inner.GetValue(ordinal) switch
    {
        DateTimeOffset instant => DateTime.SpecifyKind(instant.UtcDateTime, DateTimeKind.Unspecified),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        TimeOnly time => time.ToTimeSpan(),
        Guid guid => guid.ToString("D"),
        var value => value,
    };

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }
}
