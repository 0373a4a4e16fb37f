using System.CommandLine;
using System.CommandLine.Help;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Cli;

/// <summary>
/// The <c>--lang en|fr</c> option both programs put on every command, and the help option's text in
/// the chosen language. The language itself is read before parsing by <see cref="UiLanguage.Apply"/>
/// (the commands' descriptions are built in it); the option here makes <c>--lang</c> known to the
/// parser, listed in <c>--help</c>, and refused with a usage error when it is neither en nor fr.
/// </summary>
public static class LanguageOption
{
    /// <summary>Adds <c>--lang</c> to <paramref name="root"/> (recursive: every command takes it) and translates <c>--help</c>'s own description.</summary>
    public static void AddTo(RootCommand root)
    {
        var option = new Option<string>(UiLanguage.OptionName)
        {
            Description = CommonText.Get(nameof(CommonMessages.LangOption)).Display,
            HelpName = "en|fr",
            Recursive = true,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (UiLanguage.Parse(value) is null)
            {
                result.AddError(CommonText.Get(nameof(CommonMessages.LangUnknown), value).Display);
            }
        });
        root.Options.Add(option);

        // System.CommandLine's French resources do not translate this one line: ours does.
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Description = CommonText.Get(nameof(CommonMessages.HelpOption)).Display;
        }
    }
}
