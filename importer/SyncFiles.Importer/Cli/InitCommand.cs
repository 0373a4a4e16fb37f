using System.CommandLine;
using System.Data.Common;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Init;
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

        var command = new Command("init", "Verify a site's bundle and write a commented server.json for its site and tables, checked against the central database when --connection is given.")
        {
            bundle, provider, connection, outFile, siteColumn, force,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(bundle)!, parse.GetValue(provider), parse.GetValue(connection), parse.GetValue(outFile)!, parse.GetValue(siteColumn)!, parse.GetValue(force), output, error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string bundlePath, string? providerName, string? connectionString, string outPath, string siteColumn, bool force, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (connectionString is not null && providerName is null)
            {
                throw new ConfigurationException("--connection needs --provider (sqlite, postgres or sqlserver).");
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
            IReadOnlyDictionary<string, CentralTable>? central = null;
            if (provider is not null && connectionString is not null)
            {
                central = await ReadCentralTablesAsync(provider, connectionString, baseDirectory, manifest, cancellationToken);
            }

            var tables = manifest.Tables
                .Select(t => ServerTableSuggester.Suggest(t, central?.GetValueOrDefault(t.Name)?.Table, central is not null, siteColumn, central?.GetValueOrDefault(t.Name)?.Match))
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

            if (central is not null)
            {
                if (MissingTables(manifest, central) is { Count: > 0 } absent)
                {
                    await output.WriteLineAsync($"MISSING at head office: table {string.Join(", ", absent.Select(t => t.Name))} (no central table of that name, even ignoring case and underscores).");
                }

                foreach (var table in tables.Where(t => t.Into is not null || t.Columns.Count > 0))
                {
                    await output.WriteLineAsync($"Mapped {table.Name} -> central {table.Into ?? table.Central ?? table.Name}" +
                        (table.Columns.Count == 0 ? "." : $": {string.Join(", ", table.Columns.Select(c => $"{c.Key} -> {c.Value}"))}."));
                }

                foreach (var table in tables.Where(t => t.IntoCandidates.Count > 0 || t.AmbiguousColumns.Count > 0))
                {
                    var choices = table.AmbiguousColumns.Select(c => $"column {c.Key}: {string.Join(" or ", c.Value)}")
                        .Prepend(table.IntoCandidates.Count > 0 ? $"table: {string.Join(" or ", table.IntoCandidates)}" : null).OfType<string>();
                    await output.WriteLineAsync($"AMBIGUOUS {table.Name} ({string.Join("; ", choices)}): choose in the commented lines of server.json.");
                }

                foreach (var table in tables.Where(t => t.Triggers.Count > 0))
                {
                    await output.WriteLineAsync($"Triggers on central table {table.Central ?? table.Name}: {string.Join(", ", table.Triggers)}. {ServerTableSuggester.TriggerAdvice}");
                }
            }

            await output.WriteLineAsync($"Read the comments, edit what does not fit, then: syncfiles-import run --config {path}");
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
    /// Per bundle table, the central table it would land in: how its name met the central tables'
    /// (the same name, the one loose match, candidates, or none) and, when it met one, that table
    /// described as the import describes it; inside a transaction that writes nothing and is rolled back.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, CentralTable>> ReadCentralTablesAsync(
        ITargetProvider provider, string connectionString, string baseDirectory, Manifest manifest, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CentralTable>(StringComparer.OrdinalIgnoreCase);
        await using var connection = await provider.OpenAsync(connectionString, baseDirectory, Serilog.Core.Logger.None, cancellationToken);
        await using var transaction = await connection.BeginBundleAsync(manifest.SiteId, cancellationToken);
        var names = (await transaction.ListTablesAsync(cancellationToken)).Where(n => !ImporterOwnTables.Contains(n)).ToList();
        foreach (var table in manifest.Tables)
        {
            var match = CentralNameMatch.Find(table.Name, names);
            found[table.Name] = new CentralTable(match, match.Central is null ? null : await transaction.DescribeTableAsync(match.Central, cancellationToken));
        }

        return found;
    }

    /// <summary>The bundle tables head office has no table for (not even a loose or ambiguous match).</summary>
    public static IReadOnlyList<ManifestTable> MissingTables(Manifest manifest, IReadOnlyDictionary<string, CentralTable> central) =>
        manifest.Tables.Where(t => central.GetValueOrDefault(t.Name) is not { } found || found.Table is null && !found.Match.IsAmbiguous).ToList();

    private static readonly HashSet<string> ImporterOwnTables = new(StringComparer.OrdinalIgnoreCase) { "syncfiles_ledger", "syncfiles_table_state" };

    /// <summary>A bundle table's central table as init found it: how the names met, and the table (null: missing or ambiguous).</summary>
    public sealed record CentralTable(CentralNameMatch Match, TargetTable? Table);
}
