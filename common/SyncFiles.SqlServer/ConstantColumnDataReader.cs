using System.Data.Common;
using SyncFiles.Common.Csv;

namespace SyncFiles.SqlServer;

/// <summary>
/// A streaming view of another reader with one more column at the end whose value is the same on
/// every row (the site column of a bundle's rows). Nothing is buffered: each call goes to the inner
/// reader, or answers the constant. The caller keeps ownership of the inner reader: closing this
/// view does not close it.
/// </summary>
internal sealed class ConstantColumnDataReader : ForwardingDataReader
{
    private readonly string _name;
    private readonly object _value;
    private readonly int _ordinal;
    private bool _closed;

    /// <param name="inner">The reader whose columns come first.</param>
    /// <param name="name">The extra column's name; it must differ from every inner column's name.</param>
    /// <param name="value">The extra column's value on every row; null is NULL.</param>
    public ConstantColumnDataReader(DbDataReader inner, string name, object? value)
        : base(inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (var i = 0; i < inner.FieldCount; i++)
        {
            if (string.Equals(inner.GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"The reader already has a column {inner.GetName(i)}.", nameof(name));
            }
        }

        _name = name;
        _value = value ?? DBNull.Value;
        _ordinal = inner.FieldCount;
    }

    public override int FieldCount => _ordinal + 1;

    public override bool IsClosed => _closed || Inner.IsClosed;

    public override string GetName(int ordinal) => IsConstant(ordinal) ? _name : Inner.GetName(ordinal);

    public override int GetOrdinal(string name) =>
        string.Equals(name, _name, StringComparison.OrdinalIgnoreCase) ? _ordinal : Inner.GetOrdinal(name);

    public override Type GetFieldType(int ordinal) =>
        IsConstant(ordinal) ? (_value is DBNull ? typeof(object) : _value.GetType()) : Inner.GetFieldType(ordinal);

    public override string GetDataTypeName(int ordinal) =>
        IsConstant(ordinal) ? GetFieldType(ordinal).Name : Inner.GetDataTypeName(ordinal);

    public override object GetValue(int ordinal) => IsConstant(ordinal) ? _value : Inner.GetValue(ordinal);

    public override bool IsDBNull(int ordinal) => IsConstant(ordinal) ? _value is DBNull : Inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        IsConstant(ordinal) ? Task.FromResult(_value is DBNull) : Inner.IsDBNullAsync(ordinal, cancellationToken);

    public override T GetFieldValue<T>(int ordinal) => IsConstant(ordinal) ? (T)_value : Inner.GetFieldValue<T>(ordinal);

    public override bool GetBoolean(int ordinal) => IsConstant(ordinal) ? (bool)_value : Inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => IsConstant(ordinal) ? (byte)_value : Inner.GetByte(ordinal);

    public override char GetChar(int ordinal) => IsConstant(ordinal) ? (char)_value : Inner.GetChar(ordinal);

    public override DateTime GetDateTime(int ordinal) => IsConstant(ordinal) ? (DateTime)_value : Inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => IsConstant(ordinal) ? (decimal)_value : Inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => IsConstant(ordinal) ? (double)_value : Inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => IsConstant(ordinal) ? (float)_value : Inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => IsConstant(ordinal) ? (Guid)_value : Inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => IsConstant(ordinal) ? (short)_value : Inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => IsConstant(ordinal) ? (int)_value : Inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => IsConstant(ordinal) ? (long)_value : Inner.GetInt64(ordinal);

    public override string GetString(int ordinal) => IsConstant(ordinal) ? (string)_value : Inner.GetString(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        if (!IsConstant(ordinal))
        {
            return Inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
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
            return Inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
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

    public override Stream GetStream(int ordinal) => IsConstant(ordinal) ? base.GetStream(ordinal) : Inner.GetStream(ordinal);

    public override TextReader GetTextReader(int ordinal) => IsConstant(ordinal) ? base.GetTextReader(ordinal) : Inner.GetTextReader(ordinal);

    public override void Close() => _closed = true;

    private bool IsConstant(int ordinal) => ordinal == _ordinal;
}
