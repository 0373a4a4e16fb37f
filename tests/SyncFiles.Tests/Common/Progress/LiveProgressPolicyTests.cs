using SyncFiles.Common.Progress;

namespace SyncFiles.Tests.Common.Progress;

public sealed class LiveProgressPolicyTests
{
    [Theory]
    [InlineData(false, false, true, null, "xterm-256color", true)]
    [InlineData(false, false, true, null, null, true)] // Windows consoles set no TERM
    [InlineData(false, false, true, "false", "xterm", true)]
    [InlineData(false, false, true, "0", "xterm", true)]
    [InlineData(false, false, false, null, "xterm", false)] // Task Scheduler, cron, systemd: stderr is a file, pipe or the journal
    [InlineData(true, false, true, null, "xterm", false)] // --no-progress
    [InlineData(false, true, true, null, "xterm", false)] // --quiet
    [InlineData(false, false, true, "true", "xterm", false)]
    [InlineData(false, false, true, "1", "xterm", false)]
    [InlineData(false, false, true, "gitlab", "xterm", false)]
    [InlineData(false, false, true, null, "dumb", false)]
    public void The_live_display_is_only_for_a_person_at_a_terminal(bool noProgress, bool quiet, bool errorIsTerminal, string? ci, string? term, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["CI"] = ci, ["TERM"] = term };

        Assert.Equal(expected, LiveProgressPolicy.ShouldShow(noProgress, quiet, errorIsTerminal, name => environment.GetValueOrDefault(name)));
    }
}
