namespace SyncFiles.Common.Progress;

/// <summary>
/// Decides whether a run draws the live display: only for a person watching a terminal. A scheduled
/// run (Task Scheduler, cron, a systemd unit: standard error is a file, a pipe or the journal), a CI
/// job, a dumb terminal, <c>--no-progress</c> and <c>--quiet</c> get plain log lines only, so logs
/// never fill with escape sequences.
/// </summary>
public static class LiveProgressPolicy
{
    /// <param name="noProgress"><c>--no-progress</c> was given.</param>
    /// <param name="quiet"><c>--quiet</c> was given.</param>
    /// <param name="errorIsTerminal">Standard error is an interactive terminal (<c>!Console.IsErrorRedirected</c>).</param>
    /// <param name="environment">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    public static bool ShouldShow(bool noProgress, bool quiet, bool errorIsTerminal, Func<string, string?> environment)
    {
        if (noProgress || quiet || !errorIsTerminal)
        {
            return false;
        }

        // CI services set CI (to true, 1, or their name); a terminal they emulate is still a log.
        var ci = environment("CI");
        if (!string.IsNullOrWhiteSpace(ci) && !string.Equals(ci.Trim(), "false", StringComparison.OrdinalIgnoreCase) && ci.Trim() != "0")
        {
            return false;
        }

        return !string.Equals(environment("TERM"), "dumb", StringComparison.OrdinalIgnoreCase);
    }
}
