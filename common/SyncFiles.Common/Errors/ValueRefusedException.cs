using SyncFiles.Common.Text;

namespace SyncFiles.Common;

/// <summary>
/// A source reader's refusal of one value (it breaks its column's declared type), thrown from a
/// <see cref="System.Data.Common.DbDataReader"/> getter where only a <see cref="FormatException"/>
/// fits; it carries the reason as a <see cref="LocalizedText"/> so the bundle writer, which adds
/// the table, row and column, can show it in the user's language. <c>Message</c> stays English.
/// </summary>
public sealed class ValueRefusedException : FormatException
{
    public ValueRefusedException(LocalizedText text)
        : base(text.English)
    {
        Text = text;
    }

    /// <summary>The reason, in both languages.</summary>
    public LocalizedText Text { get; }
}
