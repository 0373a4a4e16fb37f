using SyncFiles.Tests.Resilience;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Exporter;

/// <summary>
/// The shop's first hour in French: the real <c>syncfiles-export</c> (a child process, so the French
/// satellite assemblies are loaded as at a shop) run with <c>--lang fr</c> through init, run and
/// status on the sample shop. What a French shop manager reads is French, numbers written the French
/// way; the bundle path printed for scripts and the files written stay as they are.
/// </summary>
public sealed class FrenchQuickstartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Init_run_and_status_speak_French_with_lang_fr()
    {
        var shop = _directory.Combine("shop.db");
        var config = _directory.Combine("site", "site.json");
        await SampleShops.GenerateSqliteAsync(shop);

        var init = await RunAsync("init", "--lang", "fr", "--provider", "sqlite", "--connection", $"Data Source={shop}", "--site", "AG01", "--out", config);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains($"{config} écrit : 12 tables (7 de référence, 5 de transactions).", init.Output, StringComparison.Ordinal);
        Assert.Contains($"Lisez les commentaires, corrigez ce qui ne convient pas, puis lancez : syncfiles-export run --config {config}", init.Output, StringComparison.Ordinal);

        // init's comments are for the person setting up the shop: French too, the keys as they are.
        var draft = await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken);
        Assert.Contains("// Les lots sont déposés ici ; portez-les au siège depuis ce dossier.\n  \"outbox\": \"outbox\",", draft, StringComparison.Ordinal);
        Assert.Contains("// reference : exportée en entier à chaque exécution (environ 1 ligne).", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("exported in full", draft, StringComparison.Ordinal);

        var run = await RunAsync("run", "--config", config, "--lang", "fr");
        Assert.True(run.ExitCode == 0, run.ToString());
        var log = Spaces(run.Error);
        Assert.Contains("INF Export du site AG01 : lot 1 (complet) depuis sqlite", log, StringComparison.Ordinal);
        Assert.Contains("INF   agences : 1 ligne (référence, export complet) en ", log, StringComparison.Ordinal);
        Assert.Contains("INF   lignes_facture : 1 400 lignes (export complet) en ", log, StringComparison.Ordinal);
        Assert.Contains("INF Publié : ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Exporting", log, StringComparison.Ordinal);
        Assert.DoesNotContain(" rows", log, StringComparison.Ordinal);
        // Standard output is for scripts: the bundle's path and nothing else, in any language.
        var bundle = run.Output.Trim();
        Assert.EndsWith("AG01-00000001.zip", bundle, StringComparison.Ordinal);
        Assert.True(File.Exists(bundle));

        var status = await RunAsync("status", "--config", config, "--lang", "fr");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Site :               AG01", status.Output, StringComparison.Ordinal);
        Assert.Contains("Dernier lot :        1 (AG01-00000001.zip) le ", status.Output, StringComparison.Ordinal);
        Assert.Contains("Points de reprise :", status.Output, StringComparison.Ordinal);
        Assert.Contains(" jusqu'à ", status.Output, StringComparison.Ordinal);
        Assert.Contains("En attente :         AG01-00000001.zip", status.Output, StringComparison.Ordinal);
        Assert.Contains("Prochain lot :       2", status.Output, StringComparison.Ordinal);

        // The same status without --lang is English (the tests' SYNCFILES_LANG=en), and the JSON never changes.
        var english = await RunAsync("status", "--config", config);
        Assert.Contains("Next bundle:    2", english.Output, StringComparison.Ordinal);
        var frenchJson = await RunAsync("status", "--config", config, "--json", "--lang", "fr");
        var englishJson = await RunAsync("status", "--config", config, "--json");
        Assert.Equal(englishJson.Output, frenchJson.Output);
    }

    [Fact]
    public async Task A_mistake_is_told_in_French_with_the_usual_exit_code()
    {
        var result = await RunAsync("resend", "--config", _directory.Combine("missing.json"), "--from", "1", "--lang", "fr");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Erreur de configuration : ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<CliResult> RunAsync(params string[] arguments)
    {
        using var program = ProgramProcess.Start("syncfiles-export", arguments);
        return await program.WaitAsync(Patience);
    }

    // French puts a narrow no-break space between thousands (1 400) and before ':' in some cultures' data.
    private static string Spaces(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');
}
