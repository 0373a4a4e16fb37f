namespace SyncFiles.Common.Schema;

/// <summary>
/// PostgreSQL's <c>infinity</c> and <c>-infinity</c>, which a <c>date</c>, <c>timestamp</c> or
/// <c>timestamptz</c> can hold and no .NET date type can: the parsed value of a bundle's
/// <c>date</c>, <c>datetime</c> or <c>datetimeoffset</c> field whose text is <c>infinity</c> or
/// <c>-infinity</c> (docs/bundle-format.md, section 7). Never confused with a real date: 0001-01-01
/// and 9999-12-31 stay dates. <see cref="ToString"/> gives the bundle text.
/// </summary>
public sealed class TemporalInfinity
{
    /// <summary>Later than every date: <c>infinity</c>.</summary>
    public static readonly TemporalInfinity Positive = new("infinity");

    /// <summary>Earlier than every date: <c>-infinity</c>.</summary>
    public static readonly TemporalInfinity Negative = new("-infinity");

    private readonly string _text;

    private TemporalInfinity(string text) => _text = text;

    public bool IsPositive => ReferenceEquals(this, Positive);

    /// <summary>The bundle text of the value as UTF-8 (and ASCII).</summary>
    public ReadOnlySpan<byte> Utf8 => IsPositive ? "infinity"u8 : "-infinity"u8;

    /// <summary>The infinity spelled by <paramref name="text"/> (exactly <c>infinity</c> or <c>-infinity</c>), or null.</summary>
    public static TemporalInfinity? FromText(ReadOnlySpan<char> text) =>
        text.SequenceEqual("infinity") ? Positive : text.SequenceEqual("-infinity") ? Negative : null;

    /// <inheritdoc cref="FromText(ReadOnlySpan{char})"/>
    public static TemporalInfinity? FromUtf8(ReadOnlySpan<byte> utf8) =>
        utf8.SequenceEqual("infinity"u8) ? Positive : utf8.SequenceEqual("-infinity"u8) ? Negative : null;

    public override string ToString() => _text;
}
