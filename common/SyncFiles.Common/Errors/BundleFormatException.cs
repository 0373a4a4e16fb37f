using SyncFiles.Common.Text;

namespace SyncFiles.Common;

/// <summary>
/// A bundle that breaks the format: the message names the bundle and, where known, the entry,
/// table, line and column, so an operator can open the file and see the problem.
/// </summary>
public class BundleFormatException : SyncFilesException
{
    public BundleFormatException(string message)
        : base(message)
    {
    }

    public BundleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BundleFormatException(LocalizedText text)
        : base(text)
    {
    }

    public BundleFormatException(LocalizedText text, Exception innerException)
        : base(text, innerException)
    {
    }

    /// <summary>
    /// The refused value, shortened (its first characters, then "..."), when a value broke a rule:
    /// customer data, so it is kept out of the message (which reaches the log and the status page)
    /// and written only to the owner-only <c>.error.txt</c> beside the quarantined bundle.
    /// </summary>
    public string? RefusedValue { get; private init; }

    public static BundleFormatException At(DataLocation location, string problem, Exception? inner = null) =>
        At(location, LocalizedText.Untranslated(problem), inner);

    public static BundleFormatException At(DataLocation location, LocalizedText problem, Exception? inner = null)
    {
        var text = CommonText.Get(nameof(CommonMessages.LocationProblem), location.Text, problem);
        return inner is null ? new BundleFormatException(text) : new BundleFormatException(text, inner);
    }

    /// <summary>A value that breaks a rule: the message names where and which rule, never the value itself.</summary>
    public static BundleFormatException AtValue(DataLocation location, string problem, string refusedValue, Exception? inner = null) =>
        AtValue(location, LocalizedText.Untranslated(problem), refusedValue, inner);

    /// <summary>A value that breaks a rule: the message names where and which rule, never the value itself.</summary>
    public static BundleFormatException AtValue(DataLocation location, LocalizedText problem, string refusedValue, Exception? inner = null)
    {
        var text = CommonText.Get(nameof(CommonMessages.LocationProblem), location.Text, problem);
        return inner is null
            ? new BundleFormatException(text) { RefusedValue = refusedValue }
            : new BundleFormatException(text, inner) { RefusedValue = refusedValue };
    }
}

/// <summary>Where in a bundle something was found: any part may be unknown.</summary>
public sealed record DataLocation(string? File, string? Table = null, long? Line = null, string? Column = null)
{
    /// <summary>"AG01-00000002.zip:tables/factures.csv, table factures, line 3, column total_ttc", in each reader's language.</summary>
    public LocalizedText Text
    {
        get
        {
            var parts = new List<object>(4);
            if (File is not null)
            {
                parts.Add(File);
            }

            if (Table is not null)
            {
                parts.Add(CommonText.Get(nameof(CommonMessages.LocationTable), Table));
            }

            if (Line is not null)
            {
                parts.Add(CommonText.Get(nameof(CommonMessages.LocationLine), Line));
            }

            if (Column is not null)
            {
                parts.Add(CommonText.Get(nameof(CommonMessages.LocationColumn), Column));
            }

            // "a, b, c" as nested pairs: the separator is a message too, the parts keep their own words.
            return parts.Count switch
            {
                0 => LocalizedText.Untranslated(string.Empty),
                1 when parts[0] is LocalizedText only => only,
                1 => LocalizedText.Untranslated((string)parts[0]),
                _ => parts.Skip(1).Aggregate(
                    parts[0] as LocalizedText ?? LocalizedText.Untranslated((string)parts[0]),
                    (joined, next) => CommonText.Get(nameof(CommonMessages.ListPair), joined, next)),
            };
        }
    }

    public override string ToString() => Text.English;
}
