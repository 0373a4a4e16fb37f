using System.Globalization;

namespace SyncFiles.Common.Text;

/// <summary>
/// The language people read: English or French. Chosen once per run, in this order: the
/// <c>--lang en|fr</c> option, else the <c>SYNCFILES_LANG</c> environment variable, else the
/// operating system's UI language (any <c>fr-*</c> is French), else English. The choice is kept
/// as <see cref="CultureInfo.CurrentUICulture"/>, which flows with the async call, so
/// System.CommandLine's own texts (<c>--help</c>, parse errors) follow it too.
/// </summary>
public static class UiLanguage
{
    public const string OptionName = "--lang";
    public const string EnvironmentVariable = "SYNCFILES_LANG";

    /// <summary>English, with invariant numbers and dates: the language of logs and files.</summary>
    public static CultureInfo English => CultureInfo.InvariantCulture;

    /// <summary>French as written in France: "1 234,5", dates day first.</summary>
    /// <remarks>Not predefined-only: on a machine without ICU (globalization-invariant mode) the
    /// messages are still French, only the numbers keep the invariant format.</remarks>
    public static CultureInfo French => FrenchCulture.Instance;

    /// <summary>The language of this run (see <see cref="Apply"/>): <see cref="French"/> or <see cref="English"/>.</summary>
    public static CultureInfo Current => IsFrench(CultureInfo.CurrentUICulture) ? French : English;

    public static bool IsFrench(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fr";

    /// <summary>"en", "fr", or a culture name of either ("fr-CA", "en-GB"); null for anything else.</summary>
    public static CultureInfo? Parse(string? value)
    {
        var name = value?.Trim().ToLowerInvariant();
        return name switch
        {
            null or "" => null,
            "en" or "english" => English,
            "fr" or "french" or "français" or "francais" => French,
            _ when name.StartsWith("en-", StringComparison.Ordinal) => English,
            _ when name.StartsWith("fr-", StringComparison.Ordinal) => French,
            _ => null,
        };
    }

    /// <summary>The choice order: option, environment variable, operating system's UI culture, English.</summary>
    public static CultureInfo Choose(string? option, string? environment, CultureInfo operatingSystem) =>
        Parse(option) ?? Parse(environment) ?? (IsFrench(operatingSystem) ? French : English);

    /// <summary>
    /// The value given to <c>--lang</c> (<c>--lang fr</c>, <c>--lang=fr</c>, <c>--lang:fr</c>), found
    /// before the command line is parsed, because the commands' descriptions are built in it.
    /// </summary>
    public static string? FindOption(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            if (arg == OptionName)
            {
                return i + 1 < args.Count ? args[i + 1] : null;
            }

            if (arg.Length > OptionName.Length && arg.StartsWith(OptionName, StringComparison.Ordinal) && arg[OptionName.Length] is '=' or ':')
            {
                return arg[(OptionName.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>
    /// French's culture data, read from the operating system (ICU on Linux) only when a run first
    /// speaks French: an English run never builds it.
    /// </summary>
    private static class FrenchCulture
    {
        public static readonly CultureInfo Instance = CultureInfo.GetCultureInfo("fr-FR", predefinedOnly: false);
    }

    /// <summary>
    /// Chooses the language for a program run with <paramref name="args"/> and makes it the current
    /// UI culture of this async flow (a test running one command in French leaves its neighbours in English).
    /// </summary>
    public static CultureInfo Apply(IReadOnlyList<string> args)
    {
        var language = Choose(FindOption(args), Environment.GetEnvironmentVariable(EnvironmentVariable), CultureInfo.CurrentUICulture);
        CultureInfo.CurrentUICulture = language;
        return language;
    }
}
