using System.CommandLine;
using Serilog;
using Serilog.Events;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Cli;
using SyncFiles.Common.IO;
using SyncFiles.Common.Logging;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Signing;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Config;
using SyncFiles.Exporter.Export;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// The <c>syncfiles-export</c> command line. Every command returns an exit code from
/// <see cref="ExitCodes"/>; errors are caught once here, logged with their message, and mapped.
/// </summary>
public static class ExporterCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, ConfirmationInput.FromConsole(), errorIsTerminal: false, cancellationToken);

    /// <summary>As above, with the input that commands changing the state (reset) ask for confirmation on.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, ConfirmationInput input, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, input, errorIsTerminal: false, cancellationToken);

    /// <summary>As the program runs it: confirmation from the console, progress when stderr is a terminal.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, ConfirmationInput.FromConsole(), errorIsTerminal, cancellationToken);

    /// <param name="args">The command line.</param>
    /// <param name="output">Results for scripts (the bundle path); never progress.</param>
    /// <param name="error">Log lines, and the live progress display when it is wanted.</param>
    /// <param name="input">Where commands that change the state (reset) read their confirmation.</param>
    /// <param name="errorIsTerminal">True when <paramref name="error"/> is an interactive terminal (see <see cref="LiveProgressPolicy"/>).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, ConfirmationInput input, bool errorIsTerminal, CancellationToken cancellationToken)
    {
        // Before any command is built: their descriptions, --help and the parse errors follow the language.
        UiLanguage.Apply(args);
        var configOption = new Option<string>(ConfigOptionNames.Long, ConfigOptionNames.Short)
        {
            Description = ExporterText.Get(nameof(ExporterMessages.ConfigOption)).Display,
            Required = true,
        };
        var fullOption = new Option<bool>("--full") { Description = ExporterText.Get(nameof(ExporterMessages.FullOption)).Display };
        var verboseOption = new Option<bool>("--verbose", "-v") { Description = ExporterText.Get(nameof(ExporterMessages.VerboseOption)).Display };
        var quietOption = new Option<bool>("--quiet", "-q") { Description = ExporterText.Get(nameof(ExporterMessages.QuietOption)).Display };
        var noProgressOption = new Option<bool>("--no-progress") { Description = ExporterText.Get(nameof(ExporterMessages.NoProgressOption)).Display };
        var jsonOption = new Option<bool>("--json") { Description = ExporterText.Get(nameof(ExporterMessages.JsonOption)).Display };
        var failUnlessOkOption = new Option<bool>("--fail-unless-ok")
        {
            Description = ReceiptText.Get(nameof(ReceiptMessages.FailUnlessOkDescription)).Display,
        };
        var compressionOption = new Option<BundleCompression?>("--compression")
        {
            Description = ExporterText.Get(nameof(ExporterMessages.CompressionOption)).Display,
            CustomParser = result => result.Tokens[0].Value.ToLowerInvariant() switch
            {
                "deflate" => BundleCompression.Deflate,
                "zstd" => BundleCompression.Zstd,
                var other => Invalid(result, ExporterText.Get(nameof(ExporterMessages.CompressionUnknown), other).Display),
            },
        };

        var run = new Command("run", ExporterText.Get(nameof(ExporterMessages.RunCommand)).Display)
        {
            configOption, fullOption, compressionOption, verboseOption, quietOption, noProgressOption,
        };
        run.SetAction((parse, ct) => Guarded(error, parse.GetValue(verboseOption), parse.GetValue(quietOption), parse.GetValue(configOption)!, async (settings, log, progress) =>
        {
            if (parse.GetValue(compressionOption) is BundleCompression compression && compression != settings.Config.Compression)
            {
                settings = settings with { Config = settings.Config with { Compression = compression, CompressionLevel = null } };
            }

            var source = SourceProviders.Get(settings.Config.Source.Provider);

            // After every check of the configuration: a refused one leaves no folder behind.
            SiteFolders.Prepare(settings, log);
            var result = await new ExportRun(settings, source, log, TimeProvider.System) { Progress = progress.Reporter }.ExecuteAsync(parse.GetValue(fullOption), ct);

            // The display leaves the screen before the result is printed (stdout shares the terminal).
            progress.Dispose();
            await output.WriteLineAsync(result.BundlePath);
            return ExitCodes.Success;
        }, showProgress: LiveProgressPolicy.ShouldShow(parse.GetValue(noProgressOption), parse.GetValue(quietOption), errorIsTerminal, Environment.GetEnvironmentVariable)));

        var status = new Command("status", ExporterText.Get(nameof(ExporterMessages.StatusCommand)).Display)
        {
            configOption, jsonOption, failUnlessOkOption,
        };
        status.SetAction((parse, ct) => Guarded(error, verbose: false, quiet: true, parse.GetValue(configOption)!, async (settings, log, progress) =>
        {
            var report = ExportStatus.Read(settings);
            await output.WriteAsync(parse.GetValue(jsonOption) ? report.ToJson() : report.ToText(UiLanguage.Current, colour: OutputIsColourTerminal(output)));
            return parse.GetValue(failUnlessOkOption) && !report.Ok ? ExitCodes.NeedsAttention : ExitCodes.Success;
        }));

        var siteOption = new Option<string>("--site") { Description = ExporterText.Get(nameof(ExporterMessages.KeygenSiteOption)).Display, Required = true };
        var outOption = new Option<string>("--out") { Description = ExporterText.Get(nameof(ExporterMessages.KeygenOutOption)).Display, Required = true };
        var keygen = new Command("keygen", ExporterText.Get(nameof(ExporterMessages.KeygenCommand)).Display)
        {
            siteOption, outOption,
        };
        keygen.SetAction(async (parse, ct) =>
        {
            try
            {
                var created = SiteKeyFiles.Create(parse.GetValue(siteOption)!, parse.GetValue(outOption)!);
                await output.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.KeygenPrivateKey), created.PrivateKeyPath).Display);
                await output.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.KeygenPublicKey), created.PublicKeyPath).Display);
                await output.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.KeygenKeyId), created.KeyId).Display);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is ConfigurationException or SigningUnavailableException)
            {
                // No retry makes the crypto appear: a person installs it or uses another machine.
                await error.WriteLineAsync(((SyncFilesException)ex).Text.Display);
                return ExitCodes.UsageOrConfiguration;
            }
            catch (FolderNotWritableException ex)
            {
                await error.WriteLineAsync(ex.Text.Display);
                return ExitCodes.Failed;
            }
        });

        var root = new RootCommand(ExporterText.Get(nameof(ExporterMessages.RootCommand)).Display)
        {
            run, status, keygen,
            InitCommand.Create(output, error),
            ResetCommand.Create(output, error, input),
            ResendCommand.Create(output, error),
        };

        LanguageOption.AddTo(root);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.UsageHint)).Display);
            return ExitCodes.UsageOrConfiguration;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    // Colour only for a person at a terminal: never into a file, a pipe or a test's writer, and not under NO_COLOR.
    private static bool OutputIsColourTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private static BundleCompression? Invalid(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static Task<int> Guarded(
        TextWriter error, bool verbose, bool quiet, string configPath, Func<SiteSettings, ILogger, ProgressConsole, Task<int>> action, bool showProgress = false) =>
        ConfiguredCommand.RunAsync(
            error,
            () => SiteSettings.Load(configPath),
            settings => settings.LogFilePath,
            verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Warning : LogEventLevel.Information,
            ExportFailures,
            action,
            showProgress);

    /// <summary>The words of run and status; "nothing was published" is the export's promise.</summary>
    private static readonly CommandFailures ExportFailures = new()
    {
        Failure = text => ExporterText.Get(nameof(ExporterMessages.ExportFailed), text),
        Cancelled = ExporterText.Get(nameof(ExporterMessages.ExportCancelled)),
        Unexpected = ExporterText.Get(nameof(ExporterMessages.ExportUnexpected)),
        Special = (exception, log) =>
        {
            switch (exception)
            {
                case SigningUnavailableException ex:
                    log.Error(ExporterText.Get(nameof(ExporterMessages.ExportRefusedNoSigning), ex.Text));
                    return ExitCodes.UsageOrConfiguration;
                case PublishedButNotRecordedException ex:
                    log.Error(ex.Text);
                    return ExitCodes.Failed;
                case SourceValueException ex:
                    // The next run would meet the same value: a person must fix it, so not a failure to retry.
                    log.Error(ExporterText.Get(nameof(ExporterMessages.ExportRefused), ex.Text));
                    return ExitCodes.UsageOrConfiguration;
                default:
                    return null;
            }
        },
    };
}
