using System.CommandLine;
using System.Data.Common;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Init;
using SyncFiles.Importer.Schema;
using SyncFiles.Sqlite;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import init</c>: verifies a site's bundle, then writes a commented server.json for
/// its site and tables; with a connection, checks the central tables and says what they lack.
/// </summary>
public static class InitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bundle = new Option<string>("--from-bundle") { Description = "A bundle of the site (it is verified first).", Required = true };
        var provider = new Option<string?>("--provider") { Description = "sqlite, postgres or sqlserver: the central database (a placeholder when left out)." };
        var connection = new Option<string?>("--connection") { Description = "Connection string of the central database; with it, init checks the central tables." };
        var outFile = new Option<string>("--out") { Description = "The configuration file to write.", DefaultValueFactory = _ => "server.json" };
        var siteColumn = new Option<string>("--site-column") { Description = "The site column to suggest when the central tables do not show one.", DefaultValueFactory = _ => "site_id" };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };
        var createTables = new Option<bool>("--create-tables")
        {
            Description = "Create the central tables head office lacks, as the .tables.sql written beside the configuration says, in one transaction (nothing is created if the database refuses any of it). Existing tables are never altered.",
        };

        var command = new Command("init", "Verify a site's bundle and write a commented server.json for its site and tables, checked against the central database when --connection is given.")
        {
            bundle, provider, connection, outFile, siteColumn, force, createTables,
        };
        command.SetAction((parse, ct) => RunAsync(
            new InitOptions(parse.GetValue(bundle)!, parse.GetValue(provider), parse.GetValue(connection), parse.GetValue(outFile)!, parse.GetValue(siteColumn)!, parse.GetValue(force), parse.GetValue(createTables)),
            output,
            error,
            ct));
        return command;
    }

    /// <summary>The file beside the configuration that holds the DDL of the central tables: server.json -> server.tables.sql.</summary>
    public static string TablesScriptPath(string configPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, Path.GetFileNameWithoutExtension(configPath) + ".tables.sql");

    private static async Task<int> RunAsync(InitOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (bundlePath, providerName, connectionString, outPath, siteColumn, force, createTables) = options;
        try
        {
            if (connectionString is not null && providerName is null)
            {
                throw new ConfigurationException("--connection needs --provider (sqlite, postgres or sqlserver).");
            }

            if (createTables && connectionString is null)
            {
                throw new ConfigurationException("--create-tables needs --provider and --connection: the central database to create the tables in.");
            }

            if (!Common.Schema.Identifier.IsValid(siteColumn))
            {
                throw new ConfigurationException($"--site-column '{siteColumn}' is not a valid column name (letters, digits and '_').");
            }

            var provider = providerName is null ? null : TargetProviders.Get(providerName);
            var path = Path.GetFullPath(outPath);
            NewConfigFile.CheckWritable(path, force);
            if (!File.Exists(bundlePath))
            {
                throw new ConfigurationException($"Bundle {bundlePath} does not exist.");
            }

            // Never trust an unverified bundle: every entry, value and hash is checked before its manifest is used.
            Manifest manifest;
            try
            {
                manifest = BundleVerifier.Verify(bundlePath, cancellationToken);
            }
            catch (BundleFormatException ex)
            {
                await error.WriteLineAsync($"Invalid bundle: {ex.Message} Nothing was written; ask the site for a new bundle.");
                return ExitCodes.Quarantined;
            }

            var baseDirectory = Directory.GetCurrentDirectory();
            IReadOnlyDictionary<string, TargetTable?>? central = null;
            CentralSchemaScript? script = null;
            var scriptPath = TablesScriptPath(path);
            if (provider is not null && connectionString is not null)
            {
                var head = new HeadOffice(provider, connectionString, baseDirectory, scriptPath, Path.GetFileName(bundlePath));
                (central, script) = await ReadHeadOfficeAsync(head, manifest, siteColumn, createTables, cancellationToken);
                await ReportScriptAsync(script, scriptPath, manifest, head.BundleName, provider.Name, createTables, output);
            }

            var tables = manifest.Tables
                .Select(t => ServerTableSuggester.Suggest(
                    t,
                    central?.GetValueOrDefault(t.Name),
                    central is not null,
                    siteColumn,
                    script is { Creations.Count: > 0 } && !createTables ? Path.GetFileName(scriptPath) : null,
                    column => script?.AdditionFor(t.Name, column.Name)))
                .ToList();
            var stored = connectionString is not null && provider!.Name == "sqlite"
                ? SqliteConnectionPaths.RelativeTo(connectionString, baseDirectory, Path.GetDirectoryName(path)!)
                : connectionString;
            var signed = File.Exists(bundlePath + ".sig");
            NewConfigFile.Write(path, ServerConfigDraft.Write(Path.GetFileName(bundlePath), manifest, provider?.Name, stored, tables, signed), force);

            var missing = tables.Count(t => t.Notes.Any(n => n.StartsWith("MISSING", StringComparison.Ordinal)));
            await output.WriteLineAsync($"Wrote {path}: site {manifest.SiteId}, {tables.Count} tables" +
                (central is null ? " (central database not checked: no --connection)." : missing == 0 ? ", all present at head office." : $"; {missing} with something MISSING at head office (see the comments)."));
            if (central is not null && tables.Where(t => t.SiteColumn is null).Select(t => t.Name).ToList() is { Count: > 0 } shared)
            {
                await output.WriteLineAsync($"Shared by every site (no siteColumn): {string.Join(", ", shared)}. Any site may overwrite their rows; bundles deleting rows of them are quarantined.");
            }

            await output.WriteLineAsync($"Read the comments, edit what does not fit, then: syncfiles-import run --config {path}");
            return ExitCodes.Success;
        }
        catch (TablesRefusedException ex)
        {
            await error.WriteLineAsync(
                $"The central database refused the tables' DDL, so none of them was created: {ex.Message}\nFix what it names (every statement is in {TablesScriptPath(outPath)}), then run init again; the configuration was not written.");
            return ExitCodes.UsageOrConfiguration;
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync($"Configuration error: {ex.Message} Nothing was written.");
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is SyncFilesException or DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await error.WriteLineAsync(
                $"Cannot read the central database's catalog: {ex.Message} Check the connection string, that the database server is running and that the login may connect; nothing was written.");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled; nothing was written.");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The central tables the bundle's tables land in (null: missing), described as the import
    /// describes them, and the DDL head office lacks (<see cref="CentralSchemaScript"/>), inside
    /// one transaction under the site's lock. Without <paramref name="createTables"/> it writes
    /// nothing and is rolled back; with it, the missing tables are created in it and it commits
    /// only when every statement ran: a refusal rolls all of them back.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, TargetTable?> Central, CentralSchemaScript Script)> ReadHeadOfficeAsync(
        HeadOffice head, Manifest manifest, string siteColumn, bool createTables, CancellationToken cancellationToken)
    {
        var (provider, connectionString, baseDirectory, scriptPath, bundleName) = head;
        var central = new Dictionary<string, TargetTable?>(StringComparer.OrdinalIgnoreCase);
        await using var connection = await provider.OpenAsync(connectionString, baseDirectory, Serilog.Core.Logger.None, cancellationToken);
        await using var transaction = await connection.BeginBundleAsync(manifest.SiteId, cancellationToken);
        foreach (var table in manifest.Tables)
        {
            central[table.Name] = await transaction.DescribeTableAsync(CentralTables.NameOf(table), cancellationToken);
        }

        var script = new CentralSchemaScript();
        var definitions = new CentralTableDefinitions(provider.SchemaWriter, transaction, manifest.SourceProvider);
        var missing = CentralTables.Missing(manifest, central);
        foreach (var table in missing)
        {
            // The site column the configuration will name: the same suggestion server.json gets.
            var site = ServerTableSuggester.Suggest(table, null, inspected: true, siteColumn).SiteColumn;
            script.Create(table.Name, CentralTables.NameOf(table), await definitions.CreateTableAsync(table, CentralTables.NameOf(table), site, cancellationToken));
        }

        foreach (var table in manifest.Tables)
        {
            if (central[table.Name] is { } target)
            {
                foreach (var column in CentralTableDefinitions.MissingColumns(table, target))
                {
                    script.Add(table.Name, target.Name, column, await definitions.AddColumnAsync(target.Name, column, cancellationToken));
                }
            }
        }

        if (script.Creations.Count > 0)
        {
            // Written before anything runs: on a refusal, the statements are there to read.
            Directory.CreateDirectory(Path.GetDirectoryName(scriptPath)!);
            await File.WriteAllTextAsync(scriptPath, script.ToText(manifest.SiteId, bundleName, provider.Name), cancellationToken);
        }

        if (createTables && script.Creations.Count > 0)
        {
            foreach (var statement in script.Creations.SelectMany(c => c.Statements))
            {
                try
                {
                    await transaction.ExecuteSchemaChangeAsync(statement, cancellationToken);
                }
                catch (DbException ex) when (!provider.IsTransient(ex))
                {
                    throw new TablesRefusedException($"{ex.Message.TrimEnd('.')}. The statement was:\n{statement}", ex);
                }
            }

            foreach (var table in missing)
            {
                central[table.Name] = await transaction.DescribeTableAsync(CentralTables.NameOf(table), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (central, script);
    }

    /// <summary>Prints the CREATE statements (written beside the configuration), and the columns existing tables lack.</summary>
    private static async Task ReportScriptAsync(CentralSchemaScript script, string scriptPath, Manifest manifest, string bundleName, string provider, bool created, TextWriter output)
    {
        if (script.Creations.Count > 0)
        {
            var text = script.ToText(manifest.SiteId, bundleName, provider);
            var names = string.Join(", ", script.Creations.Select(c => c.CentralTable));
            await output.WriteLineAsync(created
                ? $"Created {script.Creations.Count} central tables in one transaction ({names}); their DDL is in {scriptPath}:"
                : $"Head office lacks {script.Creations.Count} tables ({names}). Their DDL, written to {scriptPath} for review (run it, or run init again with --create-tables):");
            await output.WriteLineAsync(text);
        }

        if (script.Additions.Count > 0)
        {
            await output.WriteLineAsync("Existing central tables lack columns the bundle has; init never alters a table. Until they exist those bundles are quarantined, or set \"schemaChanges\": \"addColumns\" (docs/configuration.md). To add them yourself:");
            foreach (var addition in script.Additions)
            {
                await output.WriteLineAsync($"  {addition.Statement};");
            }
        }
    }

    private sealed record HeadOffice(ITargetProvider Provider, string ConnectionString, string BaseDirectory, string ScriptPath, string BundleName);

    private sealed record InitOptions(string Bundle, string? Provider, string? Connection, string Out, string SiteColumn, bool Force, bool CreateTables);

    /// <summary>The database refused a statement of <c>--create-tables</c>: the transaction is rolled back, nothing is created.</summary>
    private sealed class TablesRefusedException(string message, Exception inner) : Exception(message, inner);
}
