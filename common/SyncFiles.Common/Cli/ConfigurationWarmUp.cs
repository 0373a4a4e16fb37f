using System.Text.Json.Serialization.Metadata;
using SyncFiles.Common.Config;

namespace SyncFiles.Common.Cli;

/// <summary>
/// Starts building a configuration file's serializer metadata on a worker thread the moment a
/// program starts, while the main thread builds and parses the command line. The metadata is most
/// of what loading the file costs a run (the serializer compiles its generic code over the
/// configuration's value types at every start, docs/performance.md "Start-up before the
/// connection"); the main thread then finds it built, or waits for the part the worker is
/// building. A second core is idle at that point of a nightly run; on a busy machine the two
/// threads share the cores and the run costs what it did.
/// </summary>
public static class ConfigurationWarmUp
{
    /// <summary>
    /// Prepares <paramref name="metadata"/> in the background when <paramref name="args"/> name a
    /// configuration file; nothing otherwise (keygen, init, --help read none).
    /// </summary>
    public static void StartIfNamed(IReadOnlyList<string> args, Func<JsonTypeInfo> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (NamesConfiguration(args))
        {
            // Not awaited: a failure here is the same one the main thread's own load meets and reports.
            _ = Task.Run(() => ConfigFile.PrepareMetadata(metadata()));
        }
    }

    /// <summary>True when <paramref name="args"/> hold <c>--config</c> or <c>-c</c>, alone or with its value attached.</summary>
    public static bool NamesConfiguration(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        foreach (var arg in args)
        {
            if (arg == "--")
            {
                break;
            }

            if (IsOption(arg, ConfigOptionNames.Long) || IsOption(arg, ConfigOptionNames.Short))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOption(string arg, string name) =>
        arg.StartsWith(name, StringComparison.Ordinal) && (arg.Length == name.Length || arg[name.Length] is '=' or ':');
}
