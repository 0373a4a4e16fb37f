using System.Collections;
using System.Data.Common;

namespace SyncFiles.SqlServer;

/// <summary>
/// A streaming view of another reader with one more column at the end whose value is the same on
/// every row (the site column of a bundle's rows). Nothing is buffered: each call goes to the inner
/// reader, or answers the constant. The caller keeps ownership of the inner reader: closing this
/// view does not close it.
/// </summary>
internal sealed class ConstantColumnDataReader : DbDataReader
{
    private readonly DbDataReader _inner;
    private readonly string _name;
    private readonly object _value;
    private readonly int _ordinal;
    private bool _closed;

    /// <param name="inner">The reader whose columns come first.</param>
    /// <param name="name">The extra column's name; it must differ from every inner column's name.</param>
    /// <param name="value">The extra column's value on every row; null is NULL.</param>
    public ConstantColumnDataReader(DbDataReader inner, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (var i = 0; i < inner.FieldCount; i++)
        {
            if (string.Equals(inner.GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The reader already has a column {inner.GetName(i)}.", nameof(name));
            }
        }

        _inner = inner;
        _name = name;
        _value = value ?? DBNull.Value;
        _ordinal = inner.FieldCount;
    }

    public override int FieldCount => _ordinal + 1;

    public override int RecordsAffected => _inner.RecordsAffected;

    public override bool HasRows => _inner.HasRows;

    public override bool IsClosed => _closed || _inner.IsClosed;

    public override int Depth => _inner.Depth;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => _inner.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => _inner.ReadAsync(cancellationToken);

    public override bool NextResult() => _inner.NextResult();

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => _inner.NextResultAsync(cancellationToken);

    public override string GetName(int ordinal) => IsConstant(ordinal) ? _name : _inner.GetName(ordinal);

    public override int GetOrdinal(string name) =>
        string.Equals(name, _name, StringComparison.OrdinalIgnoreCase) ? _ordinal : _inner.GetOrdinal(name);

    public override Type GetFieldType(int ordinal) =>
        IsConstant(ordinal) ? (_value is DBNull ? typeof(object) : _value.GetType()) : _inner.GetFieldType(ordinal);

    public override string GetDataTypeName(int ordinal) =>
        IsConstant(ordinal) ? GetFieldType(ordinal).Name : _inner.GetDataTypeName(ordinal);

    public override object GetValue(int ordinal) => IsConstant(ordinal) ? _value : _inner.GetValue(ordinal);

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

    public override bool IsDBNull(int ordinal) => IsConstant(ordinal) ? _value is DBNull : _inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        IsConstant(ordinal) ? Task.FromResult(_value is DBNull) : _inner.IsDBNullAsync(ordinal, cancellationToken);

    public override T GetFieldValue<T>(int ordinal) => IsConstant(ordinal) ? (T)_value : _inner.GetFieldValue<T>(ordinal);

    public override bool GetBoolean(int ordinal) => IsConstant(ordinal) ? (bool)_value : _inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => IsConstant(ordinal) ? (byte)_value : _inner.GetByte(ordinal);

    public override char GetChar(int ordinal) => IsConstant(ordinal) ? (char)_value : _inner.GetChar(ordinal);

    public override DateTime GetDateTime(int ordinal) => IsConstant(ordinal) ? (DateTime)_value : _inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => IsConstant(ordinal) ? (decimal)_value : _inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => IsConstant(ordinal) ? (double)_value : _inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => IsConstant(ordinal) ? (float)_value : _inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => IsConstant(ordinal) ? (Guid)_value : _inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => IsConstant(ordinal) ? (short)_value : _inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => IsConstant(ordinal) ? (int)_value : _inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => IsConstant(ordinal) ? (long)_value : _inner.GetInt64(ordinal);

    public override string GetString(int ordinal) => IsConstant(ordinal) ? (string)_value : _inner.GetString(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        if (!IsConstant(ordinal))
        {
            return _inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        }

        var bytes = (byte[])_value;
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        if (!IsConstant(ordinal))
        {
            return _inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        }

        var text = (string)_value;
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override Stream GetStream(int ordinal) => IsConstant(ordinal) ? base.GetStream(ordinal) : _inner.GetStream(ordinal);

    public override TextReader GetTextReader(int ordinal) => IsConstant(ordinal) ? base.GetTextReader(ordinal) : _inner.GetTextReader(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close() => _closed = true;

    private bool IsConstant(int ordinal) => ordinal == _ordinal;
}
