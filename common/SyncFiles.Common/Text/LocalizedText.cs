using System.Globalization;
using System.Resources;

namespace SyncFiles.Common.Text;

/// <summary>
/// A message a person reads, kept as its resource key and arguments until it is shown, so the same
/// message can be written in English to a log file (support searches one language) and in the
/// user's language on the console. Arguments that are themselves <see cref="LocalizedText"/> (an
/// exception's text inside "Export failed: {0}") are rendered in the same language.
/// </summary>
public sealed class LocalizedText
{
    private readonly Func<CultureInfo, string> _render;

    /// <summary>The message <paramref name="key"/> of <paramref name="resources"/>, with its {0}, {1}… arguments.</summary>
    public LocalizedText(ResourceManager resources, string key, params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(resources);
        Key = key;
        Arguments = arguments;
        _render = culture => Format(resources, key, arguments, culture);
    }

    private LocalizedText(string? key, IReadOnlyList<object?> arguments, Func<CultureInfo, string> render)
    {
        Key = key;
        Arguments = arguments;
        _render = render;
    }

    /// <summary>The resource key, or null for a text that has no translation (<see cref="Untranslated"/>).</summary>
    public string? Key { get; }

    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>The text in English, numbers invariant: for log files, files and <see cref="Exception.Message"/>.</summary>
    public string English => _render(UiLanguage.English);

    /// <summary>The text in the language chosen for this run (<see cref="UiLanguage.Current"/>): for the console.</summary>
    public string Display => _render(UiLanguage.Current);

    /// <summary>A text that is the same in every language (a message from a driver or the operating system, a path).</summary>
    public static LocalizedText Untranslated(string text) => new(null, [text], _ => text);

    /// <summary>Several texts, one a line (a list of configuration problems).</summary>
    public static LocalizedText Lines(IReadOnlyList<LocalizedText> lines) =>
        new(null, [.. lines], culture => string.Join(Environment.NewLine, lines.Select(line => line.In(culture))));

    /// <summary>The text in <paramref name="culture"/>'s language, numbers and dates formatted for it.</summary>
    public string In(CultureInfo culture) => _render(culture);

    public override string ToString() => English;

    private static string Format(ResourceManager resources, string key, object?[] arguments, CultureInfo culture)
    {
        // A missing key is a programming error the resource tests catch; never a silent empty line.
        var pattern = resources.GetString(key, culture)
            ?? throw new InvalidOperationException($"No message '{key}' in {resources.BaseName}.");
        if (arguments.Length == 0)
        {
            return pattern;
        }

        var rendered = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            rendered[i] = arguments[i] is LocalizedText text ? text.In(culture) : arguments[i];
        }

        return string.Format(culture, pattern, rendered);
    }
}
