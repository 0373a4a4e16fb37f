using System.CommandLine;
using System.Data.Common;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Schema;
using SyncFiles.Exporter.Export;
using SyncFiles.Exporter.Init;

namespace SyncFiles.Exporter.Cli;

/// <summary>
/// <c>syncfiles-export init</c>: reads the source database's catalog and writes a commented
/// site.json with a suggestion, and its reason, for every table.
/// </summary>
public static class InitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var provider = new Option<string>("--provider") { Description = "sqlite, postgres or sqlserver.", Required = true };
        var connection = new Option<string>("--connection") { Description = "Connection string of the shop database (it is read, never written).", Required = true };
        var site = new Option<string>("--site") { Description = "This site's id, e.g. AG01.", Required = true };
        var outFile = new Option<string>("--out") { Description = "The configuration file to write.", DefaultValueFactory = _ => "site.json" };
        var schema = new Option<string?>("--schema") { Description = "The schema to list (PostgreSQL, SQL Server); default: the one the connection uses." };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };

        var command = new Command("init", "Read the shop database's catalog and write a commented site.json: every table with its key, a suggested kind and change column, and why.")
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
                throw new ConfigurationException($"--site '{siteId}' is not valid: {SiteId.Rule}.");
            }

            var catalogReader = SourceProviders.GetCatalog(provider);
            var path = Path.GetFullPath(outPath);
            NewConfigFile.CheckWritable(path, force);

            var baseDirectory = Directory.GetCurrentDirectory();
            var catalog = await catalogReader.ReadAsync(connectionString, baseDirectory, schema, cancellationToken);
            if (catalog.Tables.Count == 0)
            {
                throw new ConfigurationException($"The source database has no tables in schema {catalog.Schema}: check the database named in --connection, or give --schema.");
            }

            var suggestions = catalog.Tables.Select(t => TableSuggester.Suggest(t, catalogReader.Name)).ToList();
            var stored = catalogReader.ForConfiguration(connectionString, baseDirectory, Path.GetDirectoryName(path)!, catalog);
            NewConfigFile.Write(path, SiteConfigDraft.Write(siteId, catalogReader.Name, stored, catalog, suggestions), force);

            await output.WriteLineAsync(Summary(path, suggestions));
            if (suggestions.All(t => !t.Included))
            {
                // Still written: the comments say what each table lacks, which is what the operator needs to fix.
                await error.WriteLineAsync($"Warning: none of the {suggestions.Count} tables can be exported as it is; each is commented out with the reason. {path} loads once one of them is given a key and uncommented.");
            }

            return ExitCodes.Success;
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync($"Configuration error: {ex.Message} Nothing was written.");
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is SyncFilesException or DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await error.WriteLineAsync(
                $"Cannot read the source database's catalog: {ex.Message} Check the connection string, that the database server is running and that the login may read it; nothing was written.");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled; nothing was written.");
            return ExitCodes.Failed;
        }
    }

    private static string Summary(string path, IReadOnlyList<TableSuggestion> tables)
    {
        var included = tables.Where(t => t.Included).ToList();
        var left = tables.Where(t => !t.Included).Select(t => t.Name).ToList();
        var text = $"Wrote {path}: {included.Count} tables ({included.Count(t => t.Kind == TableKind.Reference)} reference, {included.Count(t => t.Kind == TableKind.Transaction)} transaction)";
        text += left.Count == 0 ? "." : $"; left out (commented, see why): {string.Join(", ", left)}.";
        return text + Environment.NewLine + $"Read the comments, edit what does not fit, then: syncfiles-export run --config {path}";
    }
}
