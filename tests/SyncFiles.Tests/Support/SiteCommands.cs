using Serilog.Events;
using SyncFiles.Common.Logging;
using SyncFiles.Exporter.Cli;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Export;

namespace SyncFiles.Tests.Support;

/// <summary>The exporter's commands for one site, run in-process as an operator would type them.</summary>
public static class SiteCommands
{
    public static Task<CliResult> ResendAsync(this SyncFixture sync, params string[] range) =>
        CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["resend", "--config", sync.SiteConfigPath, .. range], o, e));

    /// <summary>reset, answered from <paramref name="input"/> (no terminal unless given).</summary>
    public static Task<CliResult> ResetAsync(this SyncFixture sync, ConfirmationInput? input, params string[] extra) =>
        CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["reset", "--config", sync.SiteConfigPath, .. extra], o, e, input ?? ConfirmationInput.None));

    public static Task<CliResult> StatusAsync(this SyncFixture sync) =>
        CliResult.RunAsync((o, e) => ExporterCli.RunAsync(["status", "--config", sync.SiteConfigPath], o, e));

    /// <summary>One export on the given clock (the command line always uses the system's).</summary>
    public static async Task<string> ExportAtAsync(this SyncFixture sync, TimeProvider clock, TextWriter? log = null)
    {
        var settings = SiteSettings.Load(sync.SiteConfigPath);
        using var logger = CliLogging.Create(log ?? TextWriter.Null, LogEventLevel.Information, logFile: null);
        var result = await new ExportRun(settings, SourceProviders.Get(settings.Config.Source.Provider), logger, clock).ExecuteAsync(false, TestContext.Current.CancellationToken);
        return result.BundlePath;
    }

    public static string ArchiveOf(this SyncFixture sync) => Path.Combine(sync.Outbox, "archive");
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock : TimeProvider
{
    public ManualClock(DateTimeOffset start)
    {
        Now = start;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
