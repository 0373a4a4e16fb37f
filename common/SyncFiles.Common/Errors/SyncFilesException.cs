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
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
