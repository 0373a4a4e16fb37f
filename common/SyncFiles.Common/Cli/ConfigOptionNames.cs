namespace SyncFiles.Common.Cli;

/// <summary>
/// The names of the option every command that reads a configuration file takes, in one place: the
/// commands define the option with them, and <see cref="ConfigurationWarmUp"/> looks for them in
/// the raw command line before any command is built.
/// </summary>
public static class ConfigOptionNames
{
    /// <summary>The long form: <c>--config site.json</c>.</summary>
    public const string Long = "--config";

    /// <summary>The short form: <c>-c site.json</c>.</summary>
    public const string Short = "-c";
}
