using System.CommandLine;
using System.Data.Common;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Init;
using SyncFiles.Importer.Schema;
using SyncFiles.Importer.Text;
using SyncFiles.Providers;

namespace SyncFiles.Importer.Cli;

/// <summary>
/// <c>syncfiles-import init</c>: verifies a site's bundle, then writes a commented server.json for
/// its site and tables; with a connection, checks the central tables and says what they lack.
/// </summary>
public static class InitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bundle = new Option<string>("--from-bundle") { Description = ImporterText.Get(nameof(ImporterMessages.HelpInitFromBundle)).Display, Required = true };
        var provider = new Option<string?>("--provider") { Description = ImporterText.Get(nameof(ImporterMessages.HelpInitProvider), DatabaseProviders.Names).Display };
        var connection = new Option<string?>("--connection") { Description = ImporterText.Get(nameof(ImporterMessages.HelpInitConnection)).Display };
        var outFile = new Option<string>("--out") { Description = ImporterText.Get(nameof(ImporterMessages.HelpInitOut)).Display, DefaultValueFactory = _ => "server.json" };
        var siteColumn = new Option<string>("--site-column") { Description = ImporterText.Get(nameof(ImporterMessages.HelpInitSiteColumn)).Display, DefaultValueFactory = _ => "site_id" };
        var force = new Option<bool>("--force") { Description = ImporterText.Get(nameof(ImporterMessages.HelpInitForce)).Display };
        var createTables = new Option<bool>("--create-tables")
        {
            Description = ImporterText.Get(nameof(ImporterMessages.HelpInitCreateTables)).Display,
        };

        var key = DecryptCommand.KeyOption();
        var command = new Command("init", ImporterText.Get(nameof(ImporterMessages.HelpInit)).Display)
        {
            bundle, provider, connection, outFile, siteColumn, force, createTables, key,
        };
        command.SetAction((parse, ct) => RunAsync(
            new InitOptions(parse.GetValue(bundle)!, parse.GetValue(provider), parse.GetValue(connection), parse.GetValue(outFile)!, parse.GetValue(siteColumn)!, parse.GetValue(force), parse.GetValue(createTables)) { Keys = parse.GetValue(key) ?? [] },
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
                throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.InitConnectionNeedsProvider), DatabaseProviders.Names));
            }

            if (createTables && connectionString is null)
            {
                throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.InitCreateTablesNeedsConnection)));
            }

            if (!Common.Schema.Identifier.IsValid(siteColumn))
            {
                throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.InitBadSiteColumn), siteColumn));
            }

            var database = providerName is null ? null : TargetProviders.GetDatabase(providerName);
            var provider = database?.Target;
            var path = Path.GetFullPath(outPath);
            NewConfigFile.CheckWritable(path, force);
            if (!File.Exists(bundlePath))
            {
                throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.InitBundleMissing), bundlePath));
            }

            // Never trust an unverified bundle: every entry, value and hash is checked before its manifest is used.
            // Its .sig too, when there is one: a signature for other bytes, or another site, is refused.
            Manifest manifest;
            string? bundleKeyId;
            LocalizedText signature;
            try
            {
                // An encrypted bundle is read with the keys given (--key), decrypted on the fly.
                using var keys = options.Keys.Length > 0 ? Common.Encryption.DecryptionKeyRing.Load(options.Keys) : null;
                var verified = BundleVerifier.Verify(bundlePath, DecryptCommand.PolicyFor(null, keys), cancellationToken);
                (manifest, bundleKeyId) = (verified.Manifest, verified.Encryption?.RecipientKeyId);
                signature = BundleSignatureCheck.Check(bundlePath, manifest, policy: null);
            }
            catch (BundleFormatException ex)
            {
                await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitInvalidBundle), ex.Text).Display);
                return ExitCodes.Quarantined;
            }
            catch (BundleRejectedException ex)
            {
                await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitRefused), ex.Text).Display);
                return ExitCodes.Quarantined;
            }

            await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitSignature), Path.GetFileName(bundlePath), signature).Display);

            var baseDirectory = Directory.GetCurrentDirectory();
            IReadOnlyDictionary<string, CentralTable>? central = null;
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
                    central?.GetValueOrDefault(t.Name)?.Table,
                    central is not null,
                    siteColumn,
                    script is { Creations.Count: > 0 } && !createTables ? Path.GetFileName(scriptPath) : null,
                    column => script?.AdditionFor(t.Name, column.Name),
                    central?.GetValueOrDefault(t.Name)?.Match))
                .ToList();
            (IReadOnlyDictionary<string, List<string>> Notes, IReadOnlyList<string> Console)? foreignKeys = central is null ? null : ForeignKeyNotes.Describe(manifest.Tables.Select(t => (t.Name, central.GetValueOrDefault(t.Name)?.Table)).ToList());
            if (foreignKeys is { } found)
            {
                tables = tables.Select(t => found.Notes.TryGetValue(t.Name, out var more) ? t with { Notes = [.. t.Notes, .. more] } : t).ToList();
            }

            var stored = connectionString is null ? null : database!.ForConfigurationFolder(connectionString, baseDirectory, Path.GetDirectoryName(path)!);
            var signed = File.Exists(bundlePath + ".sig");
            var decryption = DecryptionKeysDraft.For(options.Keys, path, KeygenCommand.EncryptionKeyName, bundleKeyId);
            NewConfigFile.Write(path, ServerConfigDraft.Write(Path.GetFileName(bundlePath), manifest, database, stored, tables, signed, decryption), force);

            var missing = tables.Count(t => t.MissingAtHeadOffice);
            await output.WriteLineAsync((central is null ? ImporterText.Get(nameof(ImporterMessages.InitWroteUnchecked), path, manifest.SiteId, tables.Count)
                : missing == 0 ? ImporterText.Get(nameof(ImporterMessages.InitWroteAllPresent), path, manifest.SiteId, tables.Count)
                : ImporterText.Get(nameof(ImporterMessages.InitWroteMissing), path, manifest.SiteId, tables.Count, missing)).Display);

            // The draft names "inbox": "inbox"; run refuses a missing inbox (a misspelt one is not an empty one), so it is made here.
            var inbox = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "inbox");
            if (!Directory.Exists(inbox))
            {
                SyncFiles.Common.IO.PrivateFiles.CreateDirectory(inbox);
                await output.WriteLineAsync(ConfigText.Get(nameof(ConfigMessages.InboxCreatedByInit), inbox).Display);
            }
            if (central is not null && tables.Where(t => t.SiteColumn is null).Select(t => t.Name).ToList() is { Count: > 0 } shared)
            {
                await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitShared), string.Join(", ", shared)).Display);
            }

            foreach (var line in foreignKeys?.Console ?? [])
            {
                await output.WriteLineAsync(line);
            }

            if (central is not null)
            {
                if (MissingTables(manifest, central) is { Count: > 0 } absent)
                {
                    await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitMissingTables), string.Join(", ", absent.Select(t => t.Name))).Display);
                }

                foreach (var table in tables.Where(t => t.Into is not null || t.Columns.Count > 0))
                {
                    var into = table.Into ?? table.Central ?? table.Name;
                    await output.WriteLineAsync((table.Columns.Count == 0
                        ? ImporterText.Get(nameof(ImporterMessages.InitMapped), table.Name, into)
                        : ImporterText.Get(nameof(ImporterMessages.InitMappedColumns), table.Name, into, string.Join(", ", table.Columns.Select(c => $"{c.Key} -> {c.Value}")))).Display);
                }

                foreach (var table in tables.Where(t => t.IntoCandidates.Count > 0 || t.AmbiguousColumns.Count > 0))
                {
                    var orWord = ImporterText.Get(nameof(ImporterMessages.InitOr)).Display;
                    var choices = table.AmbiguousColumns.Select(c => ImporterText.Get(nameof(ImporterMessages.InitAmbiguousColumn), c.Key, string.Join(orWord, c.Value)).Display)
                        .Prepend(table.IntoCandidates.Count > 0 ? ImporterText.Get(nameof(ImporterMessages.InitAmbiguousTable), string.Join(orWord, table.IntoCandidates)).Display : null).OfType<string>();
                    await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitAmbiguous), table.Name, string.Join("; ", choices)).Display);
                }

                foreach (var table in tables.Where(t => t.Triggers.Count > 0))
                {
                    await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitTriggers), table.Central ?? table.Name, string.Join(", ", table.Triggers), ServerTableSuggester.TriggerAdviceText).Display);
                }
            }

            await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitNext), path).Display);
            return ExitCodes.Success;
        }
        catch (TablesRefusedException ex)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitTablesRefused), ex.Message, TablesScriptPath(outPath)).Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitConfigurationError), ex.Text).Display);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (Exception ex) when (ex is SyncFilesException or DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitCannotReadCatalog), SyncFilesException.TextOf(ex)).Display);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitCancelled)).Display);
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Per bundle table, the central table it lands in (how its name met the central tables': the
    /// same name, the one loose match, candidates, or none; and, when it met one, that table
    /// described as the import describes it), and the DDL head office lacks
    /// (<see cref="CentralSchemaScript"/>), inside one transaction under the site's lock. Without
    /// <paramref name="createTables"/> it writes nothing and is rolled back; with it, the missing
    /// tables are created in it and it commits only when every statement ran: a refusal rolls all
    /// of them back.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, CentralTable> Central, CentralSchemaScript Script)> ReadHeadOfficeAsync(
        HeadOffice head, Manifest manifest, string siteColumn, bool createTables, CancellationToken cancellationToken)
    {
        var (provider, connectionString, baseDirectory, scriptPath, bundleName) = head;
        var central = new Dictionary<string, CentralTable>(StringComparer.OrdinalIgnoreCase);
        await using var connection = await provider.OpenAsync(connectionString, baseDirectory, Serilog.Core.Logger.None, cancellationToken);
        await using var transaction = await connection.BeginBundleAsync(manifest.SiteId, cancellationToken);
        var names = (await transaction.ListTablesAsync(cancellationToken)).Where(n => !ImporterOwnTables.Contains(n)).ToList();
        foreach (var table in manifest.Tables)
        {
            var match = CentralNameMatch.Find(table.Name, names);
            central[table.Name] = new CentralTable(match, match.Central is null ? null : await transaction.DescribeTableAsync(match.Central, cancellationToken));
        }

        var script = new CentralSchemaScript();
        var definitions = new CentralTableDefinitions(provider.SchemaWriter, transaction, manifest.SourceProvider);
        var missing = MissingTables(manifest, central);
        foreach (var table in missing)
        {
            // The site column the configuration will name: the same suggestion server.json gets.
            var site = ServerTableSuggester.Suggest(table, null, inspected: true, siteColumn).SiteColumn;
            script.Create(table.Name, table.Name, await definitions.CreateTableAsync(table, table.Name, site, cancellationToken));
        }

        foreach (var table in manifest.Tables)
        {
            if (central[table.Name].Table is { } target)
            {
                // Only columns head office has under no name: a loose or ambiguous match is mapped or chosen in server.json, not added.
                var targetNames = target.Columns.Select(c => c.Name).ToList();
                foreach (var column in table.Columns.Where(c => CentralNameMatch.Find(c.Name, targetNames).IsMissing))
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
                central[table.Name] = new CentralTable(new CentralNameMatch(table.Name, table.Name, []), await transaction.DescribeTableAsync(table.Name, cancellationToken));
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
            await output.WriteLineAsync((created
                ? ImporterText.Get(nameof(ImporterMessages.InitCreated), script.Creations.Count, names, scriptPath)
                : ImporterText.Get(nameof(ImporterMessages.InitLacks), script.Creations.Count, names, scriptPath)).Display);
            await output.WriteLineAsync(text);
        }

        if (script.Additions.Count > 0)
        {
            await output.WriteLineAsync(ImporterText.Get(nameof(ImporterMessages.InitLacksColumns)).Display);
            foreach (var addition in script.Additions)
            {
                await output.WriteLineAsync($"  {addition.Statement};");
            }
        }
    }

    private sealed record HeadOffice(ITargetProvider Provider, string ConnectionString, string BaseDirectory, string ScriptPath, string BundleName);

    private sealed record InitOptions(string Bundle, string? Provider, string? Connection, string Out, string SiteColumn, bool Force, bool CreateTables)
    {
        /// <summary>Head office's encryption private keys (<c>--key</c>), for an encrypted bundle.</summary>
        public string[] Keys { get; init; } = [];
    }

    /// <summary>The database refused a statement of <c>--create-tables</c>: the transaction is rolled back, nothing is created.</summary>
    private sealed class TablesRefusedException(string message, Exception inner) : Exception(message, inner);

    /// <summary>The bundle tables head office has no table for (not even a loose or ambiguous match).</summary>
    public static IReadOnlyList<ManifestTable> MissingTables(Manifest manifest, IReadOnlyDictionary<string, CentralTable> central) =>
        manifest.Tables.Where(t => central.GetValueOrDefault(t.Name) is not { } found || found.Table is null && !found.Match.IsAmbiguous).ToList();

    private static readonly HashSet<string> ImporterOwnTables = new(StringComparer.OrdinalIgnoreCase) { "syncfiles_ledger", "syncfiles_table_state" };

    /// <summary>A bundle table's central table as init found it: how the names met, and the table (null: missing or ambiguous).</summary>
    public sealed record CentralTable(CentralNameMatch Match, TargetTable? Table);
}
