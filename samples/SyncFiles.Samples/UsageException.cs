namespace SyncFiles.Samples;

/// <summary>The command line asked for something that cannot be done as given (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
