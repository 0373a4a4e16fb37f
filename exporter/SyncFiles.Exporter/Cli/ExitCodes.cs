namespace SyncFiles.Exporter.Cli;

/// <summary>What <c>syncfiles-export</c> returns; docs and README list the same.</summary>
public static class ExitCodes
{
    /// <summary>The bundle was written and the state advanced (or the status was printed).</summary>
    public const int Success = 0;

    /// <summary>The run failed; no bundle was published and the state file is unchanged.</summary>
    public const int Failed = 1;

    /// <summary>The command line or the configuration is wrong; nothing was read or written.</summary>
    public const int UsageOrConfiguration = 2;

    /// <summary>status --fail-unless-ok: the loop with head office needs attention (unacknowledged past ackWarnAfter, a content refusal, a gap the archive cannot fill, an ignored receipt).</summary>
    public const int NeedsAttention = 5;
}
