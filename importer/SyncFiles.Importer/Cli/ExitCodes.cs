namespace SyncFiles.Importer.Cli;

/// <summary>What <c>syncfiles-import</c> returns; README and docs/operations list the same.</summary>
public static class ExitCodes
{
    /// <summary>Every bundle in the inbox was applied (or was a duplicate), or there was nothing to do.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (database unreachable, disk error); bundles not applied stay in the inbox.</summary>
    public const int Failed = 1;

    /// <summary>The command line or the configuration is wrong; nothing was read or written.</summary>
    public const int UsageOrConfiguration = 2;

    /// <summary>At least one bundle was quarantined (or, for verify, the bundle is invalid).</summary>
    public const int Quarantined = 3;

    /// <summary>At least one bundle is held because an earlier sequence of its site is missing.</summary>
    public const int Held = 4;

    /// <summary><c>status --fail-unless-ok</c>: the status was read, and at least one site is not ok.</summary>
    public const int NeedsAttention = 5;
}
