using Serilog;
using Serilog.Events;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;

namespace SyncFiles.Common.Cli;

/// <summary>
/// What every command that works from a configuration file does around its work, written once:
/// load the file, create the log it names, run the work, and map what escapes it to an exit code
/// (<see cref="CommandFailures"/>).
/// </summary>
public static class ConfiguredCommand
{
    // The number both programs' ExitCodes give it.
    private const int UsageOrConfiguration = 2;

    /// <summary>
    /// Loads the configuration with <paramref name="load"/>; a refusal is printed on
    /// <paramref name="error"/> with every problem it lists (there is no log yet: the file names it)
    /// and gives null, for the command to exit 2.
    /// </summary>
    public static async Task<TSettings?> LoadAsync<TSettings>(TextWriter error, Func<TSettings> load)
        where TSettings : class
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            return load();
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Report.Display);
            return null;
        }
    }

    /// <summary>
    /// Loads the configuration (a refusal exits 2, see <see cref="LoadAsync{TSettings}"/>), creates
    /// the console (with the live progress display when <paramref name="showProgress"/>) and the
    /// log file <paramref name="logFile"/> names, runs <paramref name="work"/> and returns its exit
    /// code, or the one <paramref name="failures"/> gives what escaped it.
    /// </summary>
    public static async Task<int> RunAsync<TSettings>(
        TextWriter error,
        Func<TSettings> load,
        Func<TSettings, string?> logFile,
        LogEventLevel level,
        CommandFailures failures,
        Func<TSettings, ILogger, ProgressConsole, Task<int>> work,
        bool showProgress = false)
        where TSettings : class
    {
        ArgumentNullException.ThrowIfNull(logFile);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(work);
        if (await LoadAsync(error, load) is not { } settings)
        {
            return UsageOrConfiguration;
        }

        using var progress = ProgressConsole.Create(error, showProgress);
        using var log = CliLogging.Create(progress.LogWriter, level, logFile(settings));
        try
        {
            return await work(settings, log, progress);
        }
#pragma warning disable CA1031 // The top of a command: every failure becomes an exit code and a line; a bug keeps its stack.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return failures.Report(ex, log);
        }
    }
}
