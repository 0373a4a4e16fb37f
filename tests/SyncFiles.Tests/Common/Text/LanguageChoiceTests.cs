using System.Globalization;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Cli;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common.Text;

/// <summary>
/// Which language a person reads: --lang, else SYNCFILES_LANG, else the system's UI language, else
/// English; and the log file stays English with the French line beside it.
/// </summary>
public sealed class LanguageChoiceTests
{
    private static readonly CultureInfo FrenchSystem = CultureInfo.GetCultureInfo("fr-CA");
    private static readonly CultureInfo GermanSystem = CultureInfo.GetCultureInfo("de-DE");

    [Theory]
    [InlineData("fr", "en", "en-US", "fr")]
    [InlineData("en", "fr", "fr-FR", "en")]
    [InlineData(null, "fr", "en-US", "fr")]
    [InlineData(null, "en", "fr-FR", "en")]
    [InlineData(null, null, "fr-BE", "fr")]
    [InlineData(null, null, "de-DE", "en")]
    [InlineData(null, "klingon", "fr-FR", "fr")]
    [InlineData("FR", null, "en-US", "fr")]
    [InlineData("fr-CH", null, "en-US", "fr")]
    public void The_option_wins_over_the_variable_which_wins_over_the_system(string? option, string? variable, string system, string expected)
    {
        var chosen = UiLanguage.Choose(option, variable, CultureInfo.GetCultureInfo(system));

        Assert.Equal(expected, UiLanguage.IsFrench(chosen) ? "fr" : "en");
    }

    [Theory]
    [InlineData(new[] { "run", "--lang", "fr", "-c", "x" }, "fr")]
    [InlineData(new[] { "--lang=en", "status" }, "en")]
    [InlineData(new[] { "status", "--lang:fr" }, "fr")]
    [InlineData(new[] { "status", "--lang" }, null)]
    [InlineData(new[] { "status", "--", "--lang", "fr" }, null)]
    public void The_option_is_found_before_the_command_line_is_parsed(string[] args, string? expected)
    {
        Assert.Equal(expected, UiLanguage.FindOption(args));
    }

    [Fact]
    public async Task Help_is_French_with_lang_fr_and_English_otherwise()
    {
        var french = await RunExporterAsync("--help", "--lang", "fr");
        var english = await RunExporterAsync("--help");

        Assert.Contains("Utilisation", french);
        Assert.Contains("La langue des messages", french);
        Assert.Contains("Usage:", english);
        Assert.Contains("The language of the messages", english);
    }

    [Fact]
    public async Task A_French_system_does_not_make_the_tests_French_when_the_variable_says_English()
    {
        // The test assembly sets SYNCFILES_LANG=en (EnglishTestRuns): the host's culture cannot flip it.
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = FrenchSystem;
        try
        {
            var help = await RunExporterAsync("--help");

            Assert.Contains("Usage:", help);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task An_unknown_language_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ImporterCli.RunAsync(["status", "--lang", "de", "-c", "none.json"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("--lang 'de' is not known: use en or fr.", error.ToString());
    }

    [Fact]
    public async Task Running_one_command_in_French_leaves_the_caller_in_its_own_language()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = GermanSystem;
        try
        {
            await RunExporterAsync("--help", "--lang", "fr");

            Assert.Equal(GermanSystem, CultureInfo.CurrentUICulture);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task The_log_file_stays_English_with_the_French_line_beside_it()
    {
        using var temp = new TempDirectory();
        var logFile = temp.Combine("logs", "export.log");
        using var console = new StringWriter();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = UiLanguage.French;
        try
        {
            using (var log = SyncFiles.Common.Logging.CliLogging.Create(console, Serilog.Events.LogEventLevel.Information, logFile))
            {
                SyncFiles.Common.Logging.LocalizedLog.Error(log, CommonText.Get(nameof(CommonMessages.LangUnknown), "de"));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        var written = await File.ReadAllLinesAsync(Directory.EnumerateFiles(temp.Combine("logs")).Single(), TestContext.Current.CancellationToken);
        Assert.Equal(2, written.Length);
        Assert.EndsWith("ERR --lang 'de' is not known: use en or fr.", written[0]);
        Assert.Equal("    --lang 'de' n'est pas une langue connue : indiquez en ou fr.", written[1]);
        Assert.EndsWith("ERR --lang 'de' n'est pas une langue connue : indiquez en ou fr.", console.ToString().TrimEnd());
    }

    private static async Task<string> RunExporterAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await ExporterCli.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return output.ToString() + error.ToString();
    }
}
