using System.Runtime.CompilerServices;
using SyncFiles.Common.Text;

namespace SyncFiles.Tests.Support;

/// <summary>
/// Tests read English unless they ask for French (<c>--lang fr</c>): a developer's French system
/// language, or a SYNCFILES_LANG left in their shell, must not turn the English assertions red.
/// The programs started as child processes inherit the variable.
/// </summary>
internal static class EnglishTestRuns
{
    [ModuleInitializer]
    internal static void UseEnglish() => Environment.SetEnvironmentVariable(UiLanguage.EnvironmentVariable, "en");
}
