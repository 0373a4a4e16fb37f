namespace SyncFiles.Common;

/// <summary>
/// An error an operator can act on: the message says what happened and where. Anything else that
/// escapes is a bug and is reported as an unexpected failure.
/// </summary>
public class SyncFilesException : Exception
{
    public SyncFilesException(string message)
        : base(message)
    {
    }

    public SyncFilesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The configuration or the command line is wrong; nothing was read or written.</summary>
public sealed class ConfigurationException : SyncFilesException
{
    public ConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Several problems found at once, reported together; the message lists them one a line.</summary>
    public ConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem, each naming its table and column where it has them.</summary>
    public IReadOnlyList<string> Problems { get; }
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

    public SourceValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
