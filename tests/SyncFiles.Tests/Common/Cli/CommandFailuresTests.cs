using Serilog.Events;
using SyncFiles.Common;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Text;

namespace SyncFiles.Tests.Common.Cli;

/// <summary>The one mapping of what escapes a command to an exit code and a line: a stack only for a bug.</summary>
public sealed class CommandFailuresTests
{
    private static readonly CommandFailures Words = new()
    {
        Failure = text => LocalizedText.Untranslated("Failed: " + text.English),
        Cancelled = LocalizedText.Untranslated("Cancelled."),
        Unexpected = LocalizedText.Untranslated("Unexpected error."),
        Special = (exception, _) => exception is TimeoutException ? 7 : null,
    };

    [Theory]
    [InlineData("configuration", 2, "Bad key 'x'.")]
    [InlineData("io", 1, "Failed: Disk full.")]
    [InlineData("cancelled", 1, "Cancelled.")]
    [InlineData("special", 7, "")]
    public void An_expected_failure_is_one_line_and_its_exit_code(string kind, int exitCode, string line)
    {
        Exception exception = kind switch
        {
            "configuration" => new ConfigurationException("Bad key 'x'."),
            "io" => new IOException("Disk full."),
            "cancelled" => new OperationCanceledException(),
            _ => new TimeoutException(),
        };
        using var console = new StringWriter();
        int code;
        using (var log = CliLogging.Create(console, LogEventLevel.Information, logFile: null))
        {
            code = Words.Report(exception, log);
        }

        Assert.Equal(exitCode, code);
        Assert.Contains(line, console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bug_exits_1_with_its_stack()
    {
        using var console = new StringWriter();
        int code;
        using (var log = CliLogging.Create(console, LogEventLevel.Information, logFile: null))
        {
            try
            {
                throw new InvalidOperationException("a bug");
            }
            catch (InvalidOperationException ex)
            {
                code = Words.Report(ex, log);
            }
        }

        Assert.Equal(1, code);
        Assert.Contains("Unexpected error.", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: a bug", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", console.ToString(), StringComparison.Ordinal);
    }
}
