using System.CommandLine;
using System.Data.Common;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Schema;
using SyncFiles.Exporter.Export;
using SyncFiles.Exporter.Init;
using SyncFiles.Exporter.Text;
using SyncFiles.Providers;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// <c>syncfiles-export init</c>: reads the source database's catalog and writes a commented
/// site.json with a suggestion, and its reason, for every table.
/// </summary>
public static class InitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var provider = new Option<string>("--provider") { Description = ExporterText.Get(nameof(ExporterMessages.InitProviderOption), DatabaseProviders.Names).Display, Required = true };
        var connection = new Option<string>("--connection") { Description = ExporterText.Get(nameof(ExporterMessages.InitConnectionOption)).Display, Required = true };
        var site = new Option<string>("--site") { Description = ExporterText.Get(nameof(ExporterMessages.InitSiteOption)).Display, Required = true };
        var outFile = new Option<string>("--out") { Description = ExporterText.Get(nameof(ExporterMessages.InitOutOption)).Display, DefaultValueFactory = _ => "site.json" };
        var schema = new Option<string?>("--schema") { Description = ExporterText.Get(nameof(ExporterMessages.InitSchemaOption)).Display };
        var force = new Option<bool>("--force") { Description = ExporterText.Get(nameof(ExporterMessages.InitForceOption)).Display };

        var command = new Command("init", ExporterText.Get(nameof(ExporterMessages.InitCommand)).Display)
        {
            provider, connection, site, outFile, schema, force,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(provider)!, parse.GetValue(connection)!, parse.GetValue(site)!, parse.GetValue(outFile)!, parse.GetValue(schema), parse.GetValue(force), output, error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string provider, string connectionString, string siteId, string outPath, string? schema, bool force, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (!SiteId.IsValid(siteId))
            {
                throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.InitSiteInvalid), siteId, SiteId.RuleText));
            }

            var database = SourceProviders.GetDatabase(provider);
            var catalogReader = database.Catalog;
            var path = Path.GetFullPath(outPath);
            NewConfigFile.CheckWritable(path, force);

            var baseDirectory = Directory.GetCurrentDirectory();
            var catalog = await catalogReader.ReadAsync(connectionString, baseDirectory, schema, cancellationToken);
            if (catalog.Tables.Count == 0)
            {
                throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.InitNoTables), catalog.Schema));
            }

            var suggestions = catalog.Tables.Select(t => TableSuggester.Suggest(t, database)).ToList();
            var stored = catalogReader.ForConfiguration(connectionString, baseDirectory, Path.GetDirectoryName(path)!, catalog);
            NewConfigFile.Write(path, SiteConfigDraft.Write(siteId, database, stored, catalog, suggestions), force);

            await output.WriteLineAsync(Summary(path, suggestions));
            if (suggestions.All(t => !t.Included))
            {
                // Still written: the comments say what each table lacks, which is what the operator needs to fix.
                await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.InitNothingExportable), suggestions.Count, path).Display);
            }

            return ExitCodes.Success;
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.InitConfigurationError), ex.Text).Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is SyncFilesException or DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.InitCatalogFailed), SyncFilesException.TextOf(ex)).Display);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync(ExporterText.Get(nameof(ExporterMessages.InitCancelled)).Display);
            return ExitCodes.Failed;
        }
    }

    private static string Summary(string path, IReadOnlyList<TableSuggestion> tables)
    {
        var included = tables.Where(t => t.Included).ToList();
        var left = tables.Where(t => !t.Included).Select(t => t.Name).ToList();
        var references = included.Count(t => t.Kind == TableKind.Reference);
        var transactions = included.Count(t => t.Kind == TableKind.Transaction);
        var wrote = left.Count == 0
            ? ExporterText.Get(nameof(ExporterMessages.InitWrote), path, included.Count, references, transactions)
            : ExporterText.Get(nameof(ExporterMessages.InitWroteLeftOut), path, included.Count, references, transactions, string.Join(", ", left));
        return wrote.Display + Environment.NewLine + ExporterText.Get(nameof(ExporterMessages.InitNext), path).Display;
    }
}
