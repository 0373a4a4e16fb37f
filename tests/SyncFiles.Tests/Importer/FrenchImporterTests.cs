using SyncFiles.Importer.Cli;
using SyncFiles.Importer.Config;
using SyncFiles.Tests.Common;
using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Importer;

/// <summary>
/// Head office in French: <c>--lang fr</c> gives the operator French console lines, a French
/// <c>.error.txt</c> (with the English text beside it for support) and a French status page,
/// while the log file stays English so support can search it. The real program runs as a child
/// process, so the language it chooses never leaks into the other tests.
/// </summary>
public sealed class FrenchImporterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>A shop whose first bundle carries "vingt" in a DECIMAL column (line 3 of factures.csv), waiting in the inbox.</summary>
    private static async Task<SyncFixture> ShopWithABadBundleAsync()
    {
        var sync = ShopSchemas.NewShop();
        ServerConfigEdit.Apply(sync, c => c["logFile"] = "logs/import.log");
        sync.ExecuteSource("""
            INSERT INTO familles VALUES (1, 'Boissons');
            INSERT INTO factures VALUES (1, 'F1', '10.00', NULL, '2026-11-01 10:00:00.000');
            INSERT INTO factures VALUES (2, 'F2', '20.00', NULL, '2026-11-01 11:00:00.000');
            """);
        var bundle = await sync.ExportOkAsync();
        Directory.CreateDirectory(sync.Inbox);
        BundleSurgery.EditCsv(bundle, Path.Combine(sync.Inbox, Path.GetFileName(bundle)), "factures", "20.00", "vingt", fixManifest: true);
        return sync;
    }

    private static async Task<CliResult> ImportAsync(params string[] arguments)
    {
        using var process = ProgramProcess.Start("syncfiles-import", arguments);
        return await process.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_french_run_quarantines_in_french_with_english_beside_and_the_log_file_stays_english()
    {
        using var sync = await ShopWithABadBundleAsync();

        var run = await ImportAsync("run", "--config", sync.ServerConfigPath, "--lang", "fr");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(0L, sync.CentralCount("factures"));

        // The console: French, with the location (file, table, line, column) kept.
        Assert.Contains("AG01-00000001.zip mis en quarantaine : AG01-00000001.zip:tables/factures.csv, table factures, ligne 3, colonne total_ttc : la valeur n'est pas valide pour le type decimal", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Quarantined AG01", run.Error, StringComparison.Ordinal);

        // The result line keeps its English keyword for scripts; what follows is French.
        Assert.Contains("quarantined AG01-00000001.zip: AG01-00000001.zip:tables/factures.csv, table factures, ligne 3, colonne total_ttc", run.Output, StringComparison.Ordinal);
        Assert.Contains("(déplacé vers ", run.Output, StringComparison.Ordinal);

        // The .error.txt: French first, then the same in English.
        var error = File.ReadAllText(Path.Combine(sync.Quarantine, "AG01-00000001.zip.error.txt"));
        var french = error.IndexOf("Ce qui s'est passé et que faire :", StringComparison.Ordinal);
        var english = error.IndexOf("What happened and what to do:", StringComparison.Ordinal);
        Assert.True(french >= 0 && english > french, error);
        Assert.Contains("AG01-00000001.zip a été mis en quarantaine le ", error, StringComparison.Ordinal);
        Assert.Contains("Rien de son contenu n'a été appliqué.", error, StringComparison.Ordinal);
        Assert.Contains("Site AG01, séquence 1.", error, StringComparison.Ordinal);
        Assert.Contains("ligne 3, colonne total_ttc : la valeur n'est pas valide pour le type decimal", error, StringComparison.Ordinal);
        Assert.Contains("line 3, column total_ttc: the value is not a valid decimal", error[english..], StringComparison.Ordinal);
        Assert.Contains("La valeur refusée (au plus ses 40 premiers caractères) :\n'vingt'", error[..english], StringComparison.Ordinal);
        Assert.Equal(2, error.Split("'vingt'").Length); // Customer data: quoted once, not again in the English part.

        // The log file: English, each French console line beside its English one.
        var log = string.Concat(Directory.GetFiles(Path.Combine(sync.Root, "central", "logs")).Select(File.ReadAllText));
        Assert.Contains("Quarantined AG01-00000001.zip: AG01-00000001.zip:tables/factures.csv, table factures, line 3, column total_ttc: the value is not a valid decimal", log, StringComparison.Ordinal);
        Assert.Contains("AG01-00000001.zip mis en quarantaine", log, StringComparison.Ordinal);
        Assert.True(
            log.IndexOf("Quarantined AG01-00000001.zip", StringComparison.Ordinal) < log.IndexOf("AG01-00000001.zip mis en quarantaine", StringComparison.Ordinal),
            "the English line comes first, the French one beside it:\n" + log);
    }

    [Fact]
    public async Task The_status_in_french_reads_french_in_text_and_html()
    {
        using var sync = await ShopWithABadBundleAsync();
        Assert.Equal(3, (await ImportAsync("run", "--config", sync.ServerConfigPath, "--lang", "fr")).ExitCode);
        var html = Path.Combine(sync.Root, "central", "status.html");

        var status = await ImportAsync("status", "--config", sync.ServerConfigPath, "--lang", "fr", "--html", html);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("État de ", status.Output, StringComparison.Ordinal);
        Assert.Contains("en retard après 26h, critique après 50h", status.Output, StringComparison.Ordinal);
        Assert.Contains("SITE  ÉTAT ", status.Output, StringComparison.Ordinal);
        Assert.Contains("en quarantaine", status.Output, StringComparison.Ordinal);
        Assert.Contains("À traiter :", status.Output, StringComparison.Ordinal);
        Assert.Contains("  en quarantaine AG01-00000001.zip : AG01-00000001.zip:tables/factures.csv", status.Output, StringComparison.Ordinal);
        Assert.Contains("ligne 3, colonne total_ttc", status.Output, StringComparison.Ordinal);

        var raw = File.ReadAllText(html);
        System.Xml.Linq.XDocument.Parse(raw.Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal));
        var page = System.Net.WebUtility.HtmlDecode(raw);
        Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
        Assert.Contains("<h1>État des imports SyncFiles</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<th>Dernière séquence</th>", page, StringComparison.Ordinal);
        Assert.Contains("Âge du dernier lot appliqué", page, StringComparison.Ordinal);
        Assert.Contains("1 site : 1 en quarantaine.", page, StringComparison.Ordinal);
        Assert.Contains("ligne 3, colonne total_ttc", page, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing applied yet", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_of_run_is_french_with_lang_fr_and_english_by_default()
    {
        var french = await ImportAsync("run", "--help", "--lang", "fr");
        var english = await ImportAsync("run", "--help", "--lang", "en");

        Assert.Contains("Appliquer tous les lots en attente dans le dossier de réception", french.Output, StringComparison.Ordinal);
        Assert.Contains("Le fichier de configuration du serveur (JSON).", french.Output, StringComparison.Ordinal);
        Assert.Contains("Apply every bundle waiting in the inbox", english.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_in_french_writes_french_comments_that_still_load_and_counts_what_head_office_lacks()
    {
        using var sync = ShopSchemas.NewShop();
        var bundle = await sync.ExportOkAsync();
        using var central = new SqliteTestDatabase();
        central.Execute("""
            CREATE TABLE factures (site VARCHAR(10) NOT NULL, id INTEGER NOT NULL, numero VARCHAR(20) NOT NULL, total_ttc DECIMAL(14,2) NOT NULL,
                modifie_le DATETIME NOT NULL, PRIMARY KEY (site, id));
            """);
        var config = Path.Combine(sync.Root, "hq", "server.json");

        var init = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(
            ["init", "--from-bundle", bundle, "--provider", "sqlite", "--connection", central.ConnectionString, "--out", config, "--lang", "fr"], o, e));

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("AG01-00000001.zip : non signé (pas de AG01-00000001.zip.sig) : rien ne prouve quel site l'a produit.", init.Output, StringComparison.Ordinal);
        Assert.Contains($"{config} écrit : site AG01, 2 tables ; 2 avec un élément MANQUANT au siège (voir les commentaires).", init.Output, StringComparison.Ordinal);
        Assert.Contains($"Lisez les commentaires, modifiez ce qui ne convient pas, puis : syncfiles-import run --config {config}", init.Output, StringComparison.Ordinal);
        var text = File.ReadAllText(config);
        Assert.Contains("// Configuration du siège pour syncfiles-import, écrite par 'syncfiles-import init' à partir du lot AG01-00000001.zip", text, StringComparison.Ordinal);
        Assert.Contains("// MANQUANT au siège : créez la table familles avec les colonnes du lot (id int64 NOT NULL, libelle string(60) NOT NULL),", text, StringComparison.Ordinal);
        Assert.Contains("// MANQUANT au siège : colonne remarque string ; ajoutez-la à factures, sinon les lots de cette table sont mis en quarantaine", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MISSING", text, StringComparison.Ordinal);
        Assert.Contains("-- Tables centrales pour le lot AG01-00000001.zip du site AG01", File.ReadAllText(InitCommand.TablesScriptPath(config)), StringComparison.Ordinal);

        // French comments change nothing of what the file says.
        var tables = ServerSettings.Load(config).Config.Tables.ToDictionary(t => t.Name);
        Assert.Equal("site", tables["factures"].SiteColumn);
        Assert.Equal("site_id", tables["familles"].SiteColumn);
    }
}
