using System.Text.RegularExpressions;

namespace SyncFiles.Common.Schema;

/// <summary>
/// The one rule every table and column name obeys before it reaches SQL text: letters, digits and
/// underscores, starting with a letter or underscore, at most 128 characters. Providers still quote
/// each name by their own rules; this rule keeps hostile names out before any quoting is needed.
/// </summary>
public static partial class Identifier
{
    public const int MaxLength = 128;

    // \z, not $: in .NET, $ also matches before a final "\n".
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && Pattern().IsMatch(name);

    /// <summary>Throws a <see cref="SyncFilesException"/> naming <paramref name="what"/> when the name breaks the rule.</summary>
    public static string Validate(string? name, string what)
    {
        if (!IsValid(name))
        {
            throw new SyncFilesException(
                $"Invalid {what} name '{name}': names must start with a letter or '_', contain only letters, digits and '_', and be at most {MaxLength} characters.");
        }

        return name!;
    }
}
