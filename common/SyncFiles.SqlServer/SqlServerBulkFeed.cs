using System.Collections;
using System.Data.Common;
using SyncFiles.Common.Csv;

namespace SyncFiles.SqlServer;

/// <summary>
/// The reader SqlBulkCopy pulls from: another reader's rows, streamed, with each value in a form
/// SqlBulkCopy converts into its staging column. SqlBulkCopy reads only GetValue and coerces with
/// Convert.ChangeType, which knows neither DateOnly into a datetime column (a bundle date loaded
/// into a datetime target) nor Guid into a character column; so dates become DateTime, times
/// TimeSpan, and any value bound for a character column its exact bundle text (a GUID's lower-case
/// "D" text, a date-time with its offset: what the other providers store).
/// </summary>
internal sealed class SqlServerBulkFeed : DbDataReader
{
    private readonly DbDataReader _inner;
    private readonly bool[] _asText;

    /// <param name="inner">The rows; the caller keeps ownership.</param>
    /// <param name="asText">Per ordinal of <paramref name="inner"/>, whether the staging column is character data.</param>
    public SqlServerBulkFeed(DbDataReader inner, IReadOnlyList<bool> asText)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _asText = asText.ToArray();
    }

    public override int FieldCount => _inner.FieldCount;

    public override int RecordsAffected => _inner.RecordsAffected;

    public override bool HasRows => _inner.HasRows;

    public override bool IsClosed => _inner.IsClosed;

    public override int Depth => _inner.Depth;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => _inner.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => _inner.ReadAsync(cancellationToken);

    public override bool NextResult() => _inner.NextResult();

    public override string GetName(int ordinal) => _inner.GetName(ordinal);

    public override int GetOrdinal(string name) => _inner.GetOrdinal(name);

    public override Type GetFieldType(int ordinal)
    {
        var type = _inner.GetFieldType(ordinal);
        return AsText(ordinal) ? typeof(string)
            : type == typeof(DateOnly) ? typeof(DateTime)
            : type == typeof(TimeOnly) ? typeof(TimeSpan)
            : type;
    }

    public override string GetDataTypeName(int ordinal) => _inner.GetDataTypeName(ordinal);

    public override object GetValue(int ordinal) => _inner.GetValue(ordinal) switch
    {
        var value when AsText(ordinal) && value is not (string or DBNull) => ValueText.FormatValue(value),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        TimeOnly time => time.ToTimeSpan(),
        var value => value,
    };

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => _inner.IsDBNull(ordinal);

    public override T GetFieldValue<T>(int ordinal) => (T)GetValue(ordinal);

    public override bool GetBoolean(int ordinal) => _inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => _inner.GetByte(ordinal);

    public override char GetChar(int ordinal) => _inner.GetChar(ordinal);

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => _inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => _inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => _inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => _inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => _inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => _inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => _inner.GetInt64(ordinal);

    // Also what the base GetTextReader reads when SqlBulkCopy streams a (max) column.
    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        _inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        _inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    private bool AsText(int ordinal) => ordinal < _asText.Length && _asText[ordinal];
}
