namespace SyncFiles.Common;

/// <summary>
/// A bundle that breaks the format: the message names the bundle and, where known, the entry,
/// table, line and column, so an operator can open the file and see the problem.
/// </summary>
public sealed class BundleFormatException : SyncFilesException
{
    public BundleFormatException(string message)
        : base(message)
    {
    }

    public BundleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The refused value, shortened (its first characters, then "..."), when a value broke a rule:
    /// customer data, so it is kept out of the message (which reaches the log and the status page)
    /// and written only to the owner-only <c>.error.txt</c> beside the quarantined bundle.
    /// </summary>
    public string? RefusedValue { get; private init; }

    public static BundleFormatException At(DataLocation location, string problem, Exception? inner = null)
    {
        var message = $"{location}: {problem}";
        return inner is null ? new BundleFormatException(message) : new BundleFormatException(message, inner);
    }

    /// <summary>A value that breaks a rule: the message names where and which rule, never the value itself.</summary>
    public static BundleFormatException AtValue(DataLocation location, string problem, string refusedValue, Exception? inner = null)
    {
        var message = $"{location}: {problem}";
        return inner is null
            ? new BundleFormatException(message) { RefusedValue = refusedValue }
            : new BundleFormatException(message, inner) { RefusedValue = refusedValue };
    }
}

/// <summary>Where in a bundle something was found: any part may be unknown.</summary>
public sealed record DataLocation(string? File, string? Table = null, long? Line = null, string? Column = null)
{
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (File is not null)
        {
            parts.Add(File);
        }

        if (Table is not null)
        {
            parts.Add($"table {Table}");
        }

        if (Line is not null)
        {
            parts.Add($"line {Line}");
        }

        if (Column is not null)
        {
            parts.Add($"column {Column}");
        }

        return string.Join(", ", parts);
    }
}
