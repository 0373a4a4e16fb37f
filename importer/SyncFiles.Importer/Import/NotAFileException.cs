namespace SyncFiles.Importer.Import;

/// <summary>
/// An inbox entry (a bundle or its signature) that is not a regular file when it was about to be
/// opened: it is left alone, never opened nor moved.
/// </summary>
public sealed class NotAFileException : IOException
{
    public NotAFileException(string fileName, InboxEntryKind kind)
        : base(InboxEntryClassifier.RefusalText(fileName, kind).English)
    {
        Text = InboxEntryClassifier.RefusalText(fileName, kind);
        FileName = fileName;
        Kind = kind;
    }

    public string FileName { get; }

    public InboxEntryKind Kind { get; }

    /// <summary>The message, to be shown in the user's language.</summary>
    public SyncFiles.Common.Text.LocalizedText Text { get; }
}
