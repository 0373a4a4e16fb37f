using System.Collections;
using System.Data.Common;

namespace SyncFiles.Common.Csv;

/// <summary>
/// Another reader's rows handed on: every member goes to the inner reader, a column's at the
/// ordinal <see cref="InnerOrdinal"/> gives, so that a derived reader writes only what it changes
/// (fewer columns, a value in another form, one more column). Closing or disposing this reader
/// leaves the inner reader open: the caller keeps ownership, unless a derived reader says it
/// takes it.
/// </summary>
/// <remarks>
/// Moving on (Read, NextResult) is forwarded in both forms, so the inner reader does its own
/// asynchronous I/O. IsDBNullAsync, GetFieldValueAsync, GetStream and GetTextReader are left to
/// DbDataReader, which answers them through IsDBNull, GetFieldValue, GetBytes and GetString: a
/// value a derived reader changes is changed there too (SqlBulkCopy streams a (max) column
/// through GetTextReader).
/// </remarks>
public abstract class ForwardingDataReader : DbDataReader
{
    private readonly bool _ownsInner;

    /// <param name="inner">The rows.</param>
    /// <param name="ownsInner">Whether disposing this reader disposes <paramref name="inner"/> too (a reader made for it alone).</param>
    protected ForwardingDataReader(DbDataReader inner, bool ownsInner = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        _ownsInner = ownsInner;
    }

    public override int FieldCount => Inner.FieldCount;

    public override int RecordsAffected => Inner.RecordsAffected;

    public override bool HasRows => Inner.HasRows;

    public override bool IsClosed => Inner.IsClosed;

    public override int Depth => Inner.Depth;

    /// <summary>The reader whose rows these are.</summary>
    protected DbDataReader Inner { get; }

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => Inner.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Inner.ReadAsync(cancellationToken);

    public override bool NextResult() => Inner.NextResult();

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => Inner.NextResultAsync(cancellationToken);

    public override string GetName(int ordinal) => Inner.GetName(InnerOrdinal(ordinal));

    public override int GetOrdinal(string name) => Inner.GetOrdinal(name);

    public override Type GetFieldType(int ordinal) => Inner.GetFieldType(InnerOrdinal(ordinal));

    public override string GetDataTypeName(int ordinal) => Inner.GetDataTypeName(InnerOrdinal(ordinal));

    public override object GetValue(int ordinal) => Inner.GetValue(InnerOrdinal(ordinal));

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

    public override bool IsDBNull(int ordinal) => Inner.IsDBNull(InnerOrdinal(ordinal));

    public override T GetFieldValue<T>(int ordinal) => Inner.GetFieldValue<T>(InnerOrdinal(ordinal));

    public override bool GetBoolean(int ordinal) => Inner.GetBoolean(InnerOrdinal(ordinal));

    public override byte GetByte(int ordinal) => Inner.GetByte(InnerOrdinal(ordinal));

    public override char GetChar(int ordinal) => Inner.GetChar(InnerOrdinal(ordinal));

    public override DateTime GetDateTime(int ordinal) => Inner.GetDateTime(InnerOrdinal(ordinal));

    public override decimal GetDecimal(int ordinal) => Inner.GetDecimal(InnerOrdinal(ordinal));

    public override double GetDouble(int ordinal) => Inner.GetDouble(InnerOrdinal(ordinal));

    public override float GetFloat(int ordinal) => Inner.GetFloat(InnerOrdinal(ordinal));

    public override Guid GetGuid(int ordinal) => Inner.GetGuid(InnerOrdinal(ordinal));

    public override short GetInt16(int ordinal) => Inner.GetInt16(InnerOrdinal(ordinal));

    public override int GetInt32(int ordinal) => Inner.GetInt32(InnerOrdinal(ordinal));

    public override long GetInt64(int ordinal) => Inner.GetInt64(InnerOrdinal(ordinal));

    public override string GetString(int ordinal) => Inner.GetString(InnerOrdinal(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        Inner.GetBytes(InnerOrdinal(ordinal), dataOffset, buffer, bufferOffset, length);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        Inner.GetChars(InnerOrdinal(ordinal), dataOffset, buffer, bufferOffset, length);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>The inner reader's ordinal of this reader's column <paramref name="ordinal"/>; the same by default.</summary>
    protected virtual int InnerOrdinal(int ordinal) => ordinal;

    public override async ValueTask DisposeAsync()
    {
        if (_ownsInner)
        {
            await Inner.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
