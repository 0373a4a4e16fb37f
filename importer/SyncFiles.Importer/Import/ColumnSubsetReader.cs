using System.Data.Common;
using SyncFiles.Common.Csv;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Another reader's rows with only some of its columns, in the given order: the bundle's rows
/// without the columns the target computes itself. The caller keeps ownership of the inner reader.
/// </summary>
public sealed class ColumnSubsetReader : ForwardingDataReader
{
    private readonly int[] _ordinals;

    /// <param name="inner">The rows.</param>
    /// <param name="ordinals">For each column of this reader, its ordinal in <paramref name="inner"/>.</param>
    public ColumnSubsetReader(DbDataReader inner, IReadOnlyList<int> ordinals)
        : base(inner)
    {
        _ordinals = ordinals.ToArray();
    }

    public override int FieldCount => _ordinals.Length;

    // One result only: the ordinals are those of the first result's columns.
    public override bool NextResult() => false;

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<bool>(cancellationToken) : Task.FromResult(false);

    public override int GetOrdinal(string name)
    {
        var inner = Inner.GetOrdinal(name);
        var ordinal = Array.IndexOf(_ordinals, inner);
        return ordinal >= 0 ? ordinal : throw new ArgumentException($"No column {name}.", nameof(name));
    }

    protected override int InnerOrdinal(int ordinal) => _ordinals[ordinal];
}
