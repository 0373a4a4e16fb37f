using SyncFiles.Common.Text;

namespace SyncFiles.Common;

/// <summary>
/// An error an operator can act on: the message says what happened and where. Anything else that
/// escapes is a bug and is reported as an unexpected failure.
/// </summary>
/// <remarks>
/// Made from a <see cref="LocalizedText"/>, <see cref="Exception.Message"/> is its English text (logs,
/// tests) and <see cref="Text"/> shows it in the user's language; made from a string, both are that string.
/// </remarks>
public class SyncFilesException : Exception
{
    public SyncFilesException(string message)
        : base(message)
    {
        Text = LocalizedText.Untranslated(message);
    }

    public SyncFilesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Text = LocalizedText.Untranslated(message);
    }

    public SyncFilesException(LocalizedText text)
        : base(text.English)
    {
        Text = text;
    }

    public SyncFilesException(LocalizedText text, Exception innerException)
        : base(text.English, innerException)
    {
        Text = text;
    }

    /// <summary>The message, to be shown in the user's language (<see cref="LocalizedText.Display"/>).</summary>
    public LocalizedText Text { get; }

    /// <summary>What to show of any exception: the text of ours, the plain message of others (a driver's, the system's).</summary>
    public static LocalizedText TextOf(Exception exception) =>
        exception is SyncFilesException known ? known.Text : LocalizedText.Untranslated(exception.Message);
}

/// <summary>The configuration or the command line is wrong; nothing was read or written.</summary>
public sealed class ConfigurationException : SyncFilesException
{
    public ConfigurationException(string message)
        : base(message)
    {
        ProblemTexts = [Text];
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        ProblemTexts = [Text];
    }

    public ConfigurationException(LocalizedText text)
        : base(text)
    {
        ProblemTexts = [text];
    }

    public ConfigurationException(LocalizedText text, Exception innerException)
        : base(text, innerException)
    {
        ProblemTexts = [text];
    }

    /// <summary>Several problems found at once, reported together; the message lists them one a line.</summary>
    public ConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        ProblemTexts = [.. problems.Select(LocalizedText.Untranslated)];
    }

    /// <summary>Several problems found at once, reported together; the message lists them one a line.</summary>
    public ConfigurationException(IReadOnlyList<LocalizedText> problems)
        : base(LocalizedText.Lines(problems))
    {
        ProblemTexts = problems;
    }

    /// <summary>Every problem in English, each naming its table and column where it has them.</summary>
    public IReadOnlyList<string> Problems => [.. ProblemTexts.Select(problem => problem.English)];

    /// <summary>The line the programs print for it: "Configuration error: " and the problems.</summary>
    public LocalizedText Report => CommonText.Get(nameof(CommonMessages.ConfigurationError), Text);

    /// <summary><see cref="Problems"/> as texts to show in the user's language.</summary>
    public IReadOnlyList<LocalizedText> ProblemTexts { get; }
}

/// <summary>
/// A value at the source that no bundle can carry (a date outside years 1 to 9999, NaN in a
/// decimal, text that is not a number in a DECIMAL column). A person must fix the row or the
/// column's type: the next run would fail the same way, so it is not a failure to retry.
/// </summary>
public sealed class SourceValueException : SyncFilesException
{
    public SourceValueException(string message)
        : base(message)
    {
    }

    public SourceValueException(LocalizedText text)
        : base(text)
    {
    }

    public SourceValueException(LocalizedText text, Exception innerException)
        : base(text, innerException)
    {
    }

    public SourceValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
