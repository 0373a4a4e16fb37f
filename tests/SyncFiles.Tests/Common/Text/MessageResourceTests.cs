using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SyncFiles.Common.Text;

namespace SyncFiles.Tests.Common.Text;

/// <summary>
/// Every message file of the solution (X.resx, English) has its French twin (X.fr.resx) with the
/// same keys, the same placeholders and no empty text, so no person ever meets a missing or
/// half-formatted message in either language.
/// </summary>
public sealed partial class MessageResourceTests
{
    public static TheoryData<string> NeutralResourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot(), "*.resx", SearchOption.AllDirectories)
                     .Where(f => !IsBuildOutput(f) && !Path.GetFileNameWithoutExtension(f).Contains('.', StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot(), file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void Each_program_and_the_common_library_have_their_messages()
    {
        var files = NeutralResourceFiles().Select(row => row.Data).ToList();

        Assert.Contains("common/SyncFiles.Common/Text/CommonMessages.resx", files);
        Assert.Contains("exporter/SyncFiles.Exporter/Text/ExporterMessages.resx", files);
        Assert.Contains("importer/SyncFiles.Importer/Text/ImporterMessages.resx", files);
    }

    [Theory]
    [MemberData(nameof(NeutralResourceFiles))]
    public void Every_message_exists_in_French_with_the_same_placeholders(string englishFile)
    {
        var english = Read(englishFile);
        var frenchFile = englishFile[..^".resx".Length] + ".fr.resx";
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), frenchFile)), $"{frenchFile} is missing: every message needs its French text.");
        var french = Read(frenchFile);

        var problems = new List<string>();
        problems.AddRange(english.Keys.Except(french.Keys).Select(key => $"{key}: no French text in {frenchFile}"));
        problems.AddRange(french.Keys.Except(english.Keys).Select(key => $"{key}: in {frenchFile} but not in {englishFile}"));
        foreach (var (key, text) in english.Concat(french))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add($"{key}: empty text");
            }
        }

        foreach (var key in english.Keys.Intersect(french.Keys))
        {
            var expected = Placeholders(english[key]);
            var actual = Placeholders(french[key]);
            if (!expected.SetEquals(actual))
            {
                problems.Add($"{key}: English has {{{string.Join("},{", expected.Order())}}}, French has {{{string.Join("},{", actual.Order())}}}");
            }

            // Numbered from 0 without gaps, so the call site's arguments and the text agree.
            if (!expected.Order().SequenceEqual(Enumerable.Range(0, expected.Count)))
            {
                problems.Add($"{key}: placeholders {{{string.Join("},{", expected.Order())}}} are not numbered 0, 1, 2…");
            }

            foreach (var (language, text) in new[] { ("English", english[key]), ("French", french[key]) })
            {
                try
                {
                    _ = string.Format(CultureInfo.InvariantCulture, text, Enumerable.Repeat<object?>("x", 10).ToArray());
                }
                catch (FormatException)
                {
                    problems.Add($"{key}: the {language} text is not a valid format string (an unescaped brace?)");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_message_is_English_for_the_log_and_French_for_a_French_console()
    {
        var text = CommonText.Get(nameof(CommonMessages.ConfigurationError), CommonText.Get(nameof(CommonMessages.LangUnknown), "de"));

        Assert.Equal("Configuration error: --lang 'de' is not known: use en or fr.", text.English);
        Assert.Equal("Configuration error: --lang 'de' is not known: use en or fr.", text.ToString());
        Assert.Equal("Erreur de configuration : --lang 'de' n'est pas une langue connue : indiquez en ou fr.", text.In(UiLanguage.French));
    }

    [Fact]
    public void Numbers_are_formatted_for_the_language_of_the_text()
    {
        var english = string.Format(UiLanguage.English, "{0:N0}", 1234567);
        var french = string.Format(UiLanguage.French, "{0:N0}", 1234567);

        Assert.Equal("1,234,567", english);
        Assert.Equal("1 234 567", french.Replace('\u202F', ' ').Replace('\u00A0', ' '));
    }

    [Fact]
    public void An_exception_made_from_a_message_keeps_English_as_its_Message()
    {
        var ex = new SyncFiles.Common.ConfigurationException(CommonText.Get(nameof(CommonMessages.LangUnknown), "de"));

        Assert.Equal("--lang 'de' is not known: use en or fr.", ex.Message);
        Assert.Equal(["--lang 'de' is not known: use en or fr."], ex.Problems);
        Assert.Equal("--lang 'de' n'est pas une langue connue : indiquez en ou fr.", ex.Text.In(UiLanguage.French));
    }

    private static Dictionary<string, string> Read(string relativePath) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), relativePath)).Root!
            .Elements("data")
            .Where(data => data.Attribute("type") is null)
            .ToDictionary(data => data.Attribute("name")!.Value, data => data.Element("value")?.Value ?? "");

    private static HashSet<int> Placeholders(string text) =>
        [.. PlaceholderPattern().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))];

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", ".."));

    [GeneratedRegex(@"\{(\d+)(?:,[^}:]*)?(?::[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
