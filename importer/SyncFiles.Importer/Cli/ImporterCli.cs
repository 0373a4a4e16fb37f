using System.CommandLine;
using System.Globalization;
using Serilog.Events;
using SyncFiles.Common;
using SyncFiles.Common.Cli;
using SyncFiles.Common.Encryption;
using SyncFiles.Common.Progress;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Encryption;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Cli;

/// <summary>The <c>syncfiles-import</c> command line; errors are caught once here and mapped to <see cref="ExitCodes"/>.</summary>
public static class ImporterCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, errorIsTerminal: false, cancellationToken);

    /// <param name="args">The command line.</param>
    /// <param name="output">Results for scripts (one line per bundle); never progress.</param>
    /// <param name="error">Log lines, and the live progress display when it is wanted.</param>
    /// <param name="errorIsTerminal">True when <paramref name="error"/> is an interactive terminal (see <see cref="LiveProgressPolicy"/>).</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal, CancellationToken cancellationToken)
    {
        // Before any command is built: their descriptions, --help and the parse errors follow the language.
        UiLanguage.Apply(args);
        var configOption = new Option<string>(ConfigOptionNames.Long, ConfigOptionNames.Short) { Description = ImporterText.Get(nameof(ImporterMessages.HelpConfig)).Display, Required = true };
        var verboseOption = new Option<bool>("--verbose", "-v") { Description = ImporterText.Get(nameof(ImporterMessages.HelpVerbose)).Display };
        var quietOption = new Option<bool>("--quiet", "-q") { Description = ImporterText.Get(nameof(ImporterMessages.HelpQuiet)).Display };
        var noProgressOption = new Option<bool>("--no-progress") { Description = ImporterText.Get(nameof(ImporterMessages.HelpNoProgress)).Display };
        var bundleArgument = new Argument<string>("bundle") { Description = ImporterText.Get(nameof(ImporterMessages.HelpVerifyBundle)).Display };

        var watch = new WatchCommand.Options();
        var run = new Command("run", ImporterText.Get(nameof(ImporterMessages.HelpRun)).Display)
        {
            configOption, verboseOption, quietOption, noProgressOption,
        };
        foreach (var option in watch.All)
        {
            run.Options.Add(option);
        }

        run.SetAction((parse, ct) => watch.IsWatching(parse)
            ? WatchCommand.RunAsync(parse, watch, parse.GetValue(configOption)!, LevelFor(parse.GetValue(verboseOption), parse.GetValue(quietOption)), output, error, ct)
            : watch.MisusedWithoutWatch(parse) ? WatchCommand.RefuseWithoutWatchAsync(error)
            : RunImportAsync(
                parse.GetValue(configOption)!,
                parse.GetValue(verboseOption),
                parse.GetValue(quietOption),
                LiveProgressPolicy.ShouldShow(parse.GetValue(noProgressOption), parse.GetValue(quietOption), errorIsTerminal, Environment.GetEnvironmentVariable),
                output,
                error,
                ct));

        var verifyConfigOption = new Option<string?>(ConfigOptionNames.Long, ConfigOptionNames.Short) { Description = ImporterText.Get(nameof(ImporterMessages.HelpVerifyConfig)).Display };
        var verifyKeyOption = DecryptCommand.KeyOption();
        var verify = new Command("verify", ImporterText.Get(nameof(ImporterMessages.HelpVerify)).Display) { bundleArgument, verifyConfigOption, verifyKeyOption };
        verify.SetAction((parse, ct) => VerifyAsync(parse.GetValue(bundleArgument)!, parse.GetValue(verifyConfigOption), parse.GetValue(verifyKeyOption) ?? [], output, error, ct));

        var root = new RootCommand(ImporterText.Get(nameof(ImporterMessages.HelpRoot)).Display)
        {
            run, verify,
            StatusCommand.Create(output, error),
            InitCommand.Create(output, error),
            KeygenCommand.Create(output, error),
            DecryptCommand.Create(output, error),
        };

        LanguageOption.AddTo(root);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.UsageHint)).Display);
            return ExitCodes.UsageOrConfiguration;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (watch.IsWatching(parseResult))
        {
            // Watch mode handles its stop signals itself and waits for the rollback, however long.
            invocation.ProcessTerminationTimeout = null;
        }

        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    private static Task<int> RunImportAsync(string configPath, bool verbose, bool quiet, bool showProgress, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        return ConfiguredCommand.RunAsync(
            error,
            () => ServerSettings.Load(configPath),
            settings => settings.LogFilePath,
            LevelFor(verbose, quiet),
            ImportFailures,
            async (settings, log, progress) =>
            {
                var provider = TargetProviders.Get(settings.Config.Target.Provider);
                ServerFolders.Prepare(settings, log);
                var run = new ImportRun(settings, provider, log, TimeProvider.System) { Progress = progress.Reporter };
                var outcomes = await Watch.StopGrace.RunAsync(run.ExecuteAsync, log, cancellationToken);

                // The display leaves the screen before the results are printed (stdout shares the terminal).
                progress.Dispose();
                foreach (var outcome in outcomes)
                {
                    await output.WriteLineAsync(Describe(outcome));
                }

                return ExitCodeFor(outcomes);
            },
            showProgress);
    }

    /// <summary>The words of an import that stopped (run, and watch between bundles).</summary>
    internal static readonly CommandFailures ImportFailures = new()
    {
        Failure = text => ImporterText.Get(nameof(ImporterMessages.RunFailed), text),
        Cancelled = ImporterText.Get(nameof(ImporterMessages.RunCancelled)),
        Unexpected = ImporterText.Get(nameof(ImporterMessages.RunUnexpected)),
    };

    private static async Task<int> VerifyAsync(string bundlePath, string? configPath, string[] keyPaths, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SignaturePolicy? signatures = null;
        ServerSettings? settings = null;
        DecryptionKeyRing? givenKeys = null;
        try
        {
            if (configPath is not null)
            {
                settings = ServerSettings.Load(configPath);
                signatures = SignaturePolicy.For(settings);
            }

            givenKeys = keyPaths.Length > 0 ? DecryptionKeyRing.Load(keyPaths) : null;
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Report.Display);
            return ExitCodes.UsageOrConfiguration;
        }

        using var keys = givenKeys;
        var encryption = DecryptCommand.PolicyFor(settings, givenKeys);
        if (!File.Exists(bundlePath))
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.CliBundleMissing), bundlePath).Display);
            return ExitCodes.UsageOrConfiguration;
        }

        try
        {
            var resolved = BundleArgument.Resolve(bundlePath);
            var verified = BundleVerifier.Verify(resolved, encryption, cancellationToken);
            var manifest = verified.Manifest;
            var signature = BundleSignatureCheck.Check(resolved, manifest, signatures);
            var rows = manifest.Tables.Sum(t => t.Rows);
            var created = manifest.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            await output.WriteLineAsync(ImporterText.Get(
                nameof(ImporterMessages.CliVerifyValid), Path.GetFileName(bundlePath), signature, manifest.SiteId, manifest.Sequence, StatusWords.Mode(manifest.Mode), manifest.Tables.Count, rows, created).Display);
            if (verified.Encryption is { } header)
            {
                await output.WriteLineAsync(HeadOfficeEncryptionText.Get(nameof(HeadOfficeEncryptionMessages.VerifyEncrypted), Path.GetFileName(bundlePath), header.RecipientKeyId).Display);
            }

            return ExitCodes.Success;
        }
        catch (ConfigurationException ex)
        {
            // Encrypted for a key not given: the person must give it (--key, or decryptionKeys with --config).
            await error.WriteLineAsync(ex.Text.Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (BundleFormatException ex)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.CliInvalidBundle), ex.Text).Display);
            return ExitCodes.Quarantined;
        }
        catch (BundleRejectedException ex)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.CliRefused), ex.Text).Display);
            return ExitCodes.Quarantined;
        }
        catch (Exception ex) when (BundleArgument.IsUnreadable(ex))
        {
            return await BundleArgument.ReportUnreadableAsync(ex, bundlePath, error);
        }
    }

    private static LogEventLevel LevelFor(bool verbose, bool quiet) =>
        verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Warning : LogEventLevel.Information;

    private static int ExitCodeFor(IReadOnlyList<BundleOutcome> outcomes)
    {
        if (outcomes.Any(o => o.Kind == BundleOutcomeKind.Failed))
        {
            return ExitCodes.Failed;
        }

        if (outcomes.Any(o => o.Kind is BundleOutcomeKind.Quarantined or BundleOutcomeKind.Ignored or BundleOutcomeKind.Unreadable))
        {
            return ExitCodes.Quarantined;
        }

        return outcomes.Any(o => o.Kind == BundleOutcomeKind.Held) ? ExitCodes.Held : ExitCodes.Success;
    }

    /// <summary>
    /// The result line of a bundle: its kind first, an English keyword whatever the language (scripts
    /// match it), then what happened in the user's language.
    /// </summary>
    internal static string Describe(BundleOutcome outcome)
    {
        var kind = outcome.Kind.ToString().ToLowerInvariant();
        if (outcome.Kind != BundleOutcomeKind.Applied || outcome.Tables is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{kind,-11} {outcome.FileName}: {outcome.Detail.Display}");
        }

        var inserted = outcome.Tables.Values.Sum(t => t.Inserted);
        var updated = outcome.Tables.Values.Sum(t => t.Updated);
        var unchanged = outcome.Tables.Values.Sum(t => t.Unchanged);
        var deleted = outcome.Tables.Values.Sum(t => t.Deleted);
        var what = deleted > 0
            ? ImporterText.Get(nameof(ImporterMessages.OutcomeAppliedDeleted), outcome.Detail, outcome.Tables.Count, outcome.RowsTotal, inserted, updated, unchanged, deleted)
            : ImporterText.Get(nameof(ImporterMessages.OutcomeApplied), outcome.Detail, outcome.Tables.Count, outcome.RowsTotal, inserted, updated, unchanged);
        return string.Create(CultureInfo.InvariantCulture, $"{kind,-11} {outcome.FileName}: {what.Display}");
    }
}
