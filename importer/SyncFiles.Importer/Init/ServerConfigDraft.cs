using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Text;
using SyncFiles.Providers;

namespace SyncFiles.Importer.Init;

/// <summary>
/// The text of a commented server.json for the site and tables of a verified bundle. It loads with
/// ServerSettings as written; a target left as a placeholder stops the first run with a clear message.
/// </summary>
public static class ServerConfigDraft
{
    /// <summary>What the target is written as when --provider is not given.</summary>
    public const string Placeholder = "CHANGE_ME";

    public static string Write(string bundleName, Manifest manifest, IDatabaseProvider? provider, string? connectionString, IReadOnlyList<ServerTableSuggestion> tables, bool signed, DecryptionKeysDraft? decryption = null)
    {
        var json = new JsoncWriter();
        json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftHeader1), bundleName).Display)
            .Comment(ImporterText.Get(nameof(ImporterMessages.DraftHeader2), manifest.SiteId, manifest.Tables.Count).Display)
            .Comment(ImporterText.Get(nameof(ImporterMessages.DraftHeader3)).Display)
            .Open("{");

        if (provider is null)
        {
            json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftTodoTarget)).Display);
            foreach (var example in DatabaseProviders.All)
            {
                json.Comment($"  {{ \"provider\": {JsoncWriter.Quote(example.Name)}, \"connectionString\": {JsoncWriter.Quote(example.SampleTargetConnection("hq"))} }}");
            }
        }
        else if (connectionString is null)
        {
            json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftTodoConnection)).Display);
        }
        else
        {
            json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftInClear)).Display);
            foreach (var line in CredentialAdvice(provider, connectionString))
            {
                json.Comment(line);
            }
        }

        json.Line($"\"target\": {{ \"provider\": {JsoncWriter.Quote(provider?.Name ?? Placeholder)}, \"connectionString\": {JsoncWriter.Quote(connectionString ?? provider?.SampleTargetConnection(Placeholder) ?? Placeholder)} }},")
            .Comment(ImporterText.Get(nameof(ImporterMessages.DraftFolders)).Display)
            .Line("\"inbox\": \"inbox\",")
            .Line("\"processed\": \"processed\",")
            .Line("\"quarantine\": \"quarantine\",");
        WriteDecryptionKeys(json, decryption ?? new DecryptionKeysDraft([], Given: false, BundleKeyId: null));
        json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftSites)).Display)
            .Open("\"sites\": [")
            .Open("{");
        json.Comment(signed ? ImporterText.Get(nameof(ImporterMessages.DraftSignedKey)).Display : ImporterText.Get(nameof(ImporterMessages.DraftUnsignedKey), manifest.SiteId).Display)
            .Comment(signed ? ImporterText.Get(nameof(ImporterMessages.DraftSignedKey2)).Display : ImporterText.Get(nameof(ImporterMessages.DraftUnsignedKey2)).Display)
            .Comment($"\"publicKey\": \"keys/{manifest.SiteId}.public.pem\",")
            .Line($"\"id\": {JsoncWriter.Quote(manifest.SiteId)}")
            .Close("}")
            .Close("],")
            .Comment(ImporterText.Get(nameof(ImporterMessages.DraftTables1)).Display)
            .Comment(ImporterText.Get(nameof(ImporterMessages.DraftTables2)).Display)
            .Open("\"tables\": [");

        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            if (i > 0)
            {
                json.Blank();
            }

            foreach (var note in table.Notes)
            {
                json.Comment(note);
            }

            var site = table.SiteColumn is null ? string.Empty : $", \"siteColumn\": {JsoncWriter.Quote(table.SiteColumn)}";
            var comma = i < tables.Count - 1 ? "," : string.Empty;
            if (table.IntoCandidates.Count == 0 && table.Columns.Count == 0 && table.AmbiguousColumns.Count == 0)
            {
                json.Line($"{{ \"name\": {JsoncWriter.Quote(table.Name)}{site} }}{comma}");
                continue;
            }

            WriteMapped(json, table, site, comma);
        }

        json.Close("]").Close("}");
        return json.ToString();
    }

    /// <summary>
    /// <c>"decryptionKeys"</c> set to the keys that exist (<see cref="DecryptionKeysDraft"/>), with
    /// <c>"requireEncryption"</c> commented beside them; a commented line and how to make a key otherwise.
    /// </summary>
    private static void WriteDecryptionKeys(JsoncWriter json, DecryptionKeysDraft decryption)
    {
        if (decryption.Paths.Count == 0)
        {
            json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftDecryptionNone)).Display)
                .Comment(ImporterText.Get(nameof(ImporterMessages.DraftDecryptionNone2)).Display)
                .Comment("\"decryptionKeys\": [\"keys/headoffice-encryption.private.pem\"],");
            return;
        }

        if (!decryption.Given)
        {
            json.Comment(ImporterText.Get(nameof(ImporterMessages.DraftDecryptionFound)).Display)
                .Comment(ImporterText.Get(nameof(ImporterMessages.DraftDecryptionFound2)).Display);
        }
        else
        {
            json.Comment((decryption.BundleKeyId is { } keyId
                ? ImporterText.Get(nameof(ImporterMessages.DraftDecryptionGivenFor), keyId)
                : ImporterText.Get(nameof(ImporterMessages.DraftDecryptionGiven))).Display);
        }

        json.Line($"\"decryptionKeys\": {JsoncWriter.Array(decryption.Paths)},")
            .Comment(ImporterText.Get(nameof(ImporterMessages.DraftRequireEncryption)).Display)
            .Comment("\"requireEncryption\": true,");
    }

    /// <summary>
    /// A table mapped onto central names: "into" and "columns" active for the names that matched one
    /// central name each, commented with the candidates for the ones that matched several.
    /// </summary>
    private static void WriteMapped(JsoncWriter json, ServerTableSuggestion table, string site, string comma)
    {
        json.Open("{");
        var into = table.Into is null ? string.Empty : $", \"into\": {JsoncWriter.Quote(table.Into)}";
        json.Line($"\"name\": {JsoncWriter.Quote(table.Name)}{into}{site},");
        if (table.IntoCandidates.Count > 0)
        {
            json.Comment($"\"into\": {JsoncWriter.Quote(table.IntoCandidates[0])}, {ImporterText.Get(nameof(ImporterMessages.DraftOneOf), string.Join(", ", table.IntoCandidates)).Display}");
        }

        if (table.Columns.Count > 0 || table.AmbiguousColumns.Count > 0)
        {
            json.Open("\"columns\": {");
            foreach (var (bundle, central) in table.Columns)
            {
                json.Line($"{JsoncWriter.Quote(bundle)}: {JsoncWriter.Quote(central)},");
            }

            foreach (var (bundle, candidates) in table.AmbiguousColumns)
            {
                json.Comment($"{JsoncWriter.Quote(bundle)}: {JsoncWriter.Quote(candidates[0])}, {ImporterText.Get(nameof(ImporterMessages.DraftOneOf), string.Join(", ", candidates)).Display}");
            }

            json.Close("},");
        }

        json.Close("}" + comma);
    }

    /// <summary>A password in the file, and how to do without one where the database allows it (the provider says).</summary>
    private static IEnumerable<string> CredentialAdvice(IDatabaseProvider provider, string connectionString) =>
        ConnectionStringPassword.IsGiven(connectionString) is { } hasPassword ? provider.TargetCredentialAdvice(hasPassword).Select(advice => advice.Display) : [];
}
