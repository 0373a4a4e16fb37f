using System.Collections;
using System.Data.Common;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Another reader's rows with only some of its columns, in the given order: the bundle's rows
/// without the columns the target computes itself. The caller keeps ownership of the inner reader.
/// </summary>
public sealed class ColumnSubsetReader : DbDataReader
{
    private readonly DbDataReader _inner;
    private readonly int[] _ordinals;

    /// <param name="inner">The rows.</param>
    /// <param name="ordinals">For each column of this reader, its ordinal in <paramref name="inner"/>.</param>
    public ColumnSubsetReader(DbDataReader inner, IReadOnlyList<int> ordinals)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _ordinals = ordinals.ToArray();
    }

    public override int FieldCount => _ordinals.Length;

    public override int RecordsAffected => _inner.RecordsAffected;

    public override bool HasRows => _inner.HasRows;

    public override bool IsClosed => _inner.IsClosed;

    public override int Depth => _inner.Depth;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => _inner.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => _inner.ReadAsync(cancellationToken);

    public override bool NextResult() => false;

    public override string GetName(int ordinal) => _inner.GetName(_ordinals[ordinal]);

    public override int GetOrdinal(string name)
    {
        var inner = _inner.GetOrdinal(name);
        var ordinal = Array.IndexOf(_ordinals, inner);
        return ordinal >= 0 ? ordinal : throw new ArgumentException($"No column {name}.", nameof(name));
    }

    public override Type GetFieldType(int ordinal) => _inner.GetFieldType(_ordinals[ordinal]);

    public override string GetDataTypeName(int ordinal) => _inner.GetDataTypeName(_ordinals[ordinal]);

    public override object GetValue(int ordinal) => _inner.GetValue(_ordinals[ordinal]);

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, _ordinals.Length);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => _inner.IsDBNull(_ordinals[ordinal]);

    public override bool GetBoolean(int ordinal) => _inner.GetBoolean(_ordinals[ordinal]);

    public override byte GetByte(int ordinal) => _inner.GetByte(_ordinals[ordinal]);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        _inner.GetBytes(_ordinals[ordinal], dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => _inner.GetChar(_ordinals[ordinal]);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        _inner.GetChars(_ordinals[ordinal], dataOffset, buffer, bufferOffset, length);

    public override DateTime GetDateTime(int ordinal) => _inner.GetDateTime(_ordinals[ordinal]);

    public override decimal GetDecimal(int ordinal) => _inner.GetDecimal(_ordinals[ordinal]);

    public override double GetDouble(int ordinal) => _inner.GetDouble(_ordinals[ordinal]);

    public override float GetFloat(int ordinal) => _inner.GetFloat(_ordinals[ordinal]);

    public override Guid GetGuid(int ordinal) => _inner.GetGuid(_ordinals[ordinal]);

    public override short GetInt16(int ordinal) => _inner.GetInt16(_ordinals[ordinal]);

    public override int GetInt32(int ordinal) => _inner.GetInt32(_ordinals[ordinal]);

    public override long GetInt64(int ordinal) => _inner.GetInt64(_ordinals[ordinal]);

    public override string GetString(int ordinal) => _inner.GetString(_ordinals[ordinal]);

    public override T GetFieldValue<T>(int ordinal) => _inner.GetFieldValue<T>(_ordinals[ordinal]);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);
}
