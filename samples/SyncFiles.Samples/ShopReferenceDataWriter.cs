using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>
/// Writes the reference tables of a new shop (agences, familles, articles, clients,
/// fournisseurs, types_vente, caisses) and returns the catalog sales draw from.
/// </summary>
internal sealed class ShopReferenceDataWriter(SqliteConnection connection, SqliteTransaction transaction, Random random)
{
    private readonly List<TableRowCount> _rowCounts = [];

    public IReadOnlyList<TableRowCount> RowCounts => _rowCounts;

    public async Task<ShopCatalog> WriteAsync(
        string site, DateTime start, int articleCount, int clientCount, CancellationToken cancellationToken)
    {
        await WriteAgenceAsync(site, start, cancellationToken);
        await WriteFamillesAsync(cancellationToken);
        var articles = await WriteArticlesAsync(articleCount, start, cancellationToken);
        await WriteClientsAsync(clientCount, start, cancellationToken);
        await WriteFournisseursAsync(cancellationToken);
        await WriteTypesVenteAsync(cancellationToken);
        await WriteCaissesAsync(cancellationToken);
        return new ShopCatalog(
            site, articles, clientCount, ShopSampleText.Caisses.Length, ShopSampleText.TypesVente.Length);
    }

    private async Task WriteAgenceAsync(string site, DateTime start, CancellationToken cancellationToken)
    {
        using var agences = Inserter("agences", "id", "nom", "ville", "cree_le");
        var ville = Pick(ShopSampleText.Villes);
        await agences.InsertAsync(
            [site, $"Magasin de {ville}", ville, ShopTextFormat.DateTime(start.AddYears(-3).AddHours(9))],
            cancellationToken);
        Count(agences);
    }

    private async Task WriteFamillesAsync(CancellationToken cancellationToken)
    {
        using var familles = Inserter("familles", "id", "libelle", "parent_id");
        foreach (var (id, libelle, parentId) in ShopSampleText.Familles)
        {
            await familles.InsertAsync([id, libelle, parentId], cancellationToken);
        }

        Count(familles);
    }

    private async Task<CatalogArticle[]> WriteArticlesAsync(int count, DateTime start, CancellationToken cancellationToken)
    {
        using var articles = Inserter(
            "articles", "id", "code", "libelle", "famille_id", "prix_vente", "prix_achat", "taux_tva", "actif",
            "code_barre", "poids_kg", "modifie_le");
        var sellable = new List<CatalogArticle>(count);
        for (long id = 1; id <= count; id++)
        {
            int? familleId = random.Next(100) < 2 ? null : random.Next(7, 21);
            var nounFamily = familleId ?? random.Next(7, 21);
            var byWeight = familleId is { } f && ShopSampleText.IsSoldByWeight(f);
            var libelle = Libelle(nounFamily, byWeight);
            var prixVente = byWeight
                ? random.Next(200, 4000) / 100m
                : Math.Round((decimal)Math.Exp(Math.Log(0.49) + (random.NextDouble() * Math.Log(59.99 / 0.49))), 2);
            var tauxTva = ShopSampleText.TauxTva(familleId);
            decimal? prixAchat = random.Next(100) < 5
                ? null
                : prixVente * 100m / (100m + tauxTva) * (0.55m + (random.Next(0, 2500) / 10000m));
            var actif = random.Next(100) < 95;
            var codeBarre = random.Next(100) switch
            {
                < 8 => null,
                < 10 => "",
                _ => Ean13(),
            };
            double? poidsKg = !byWeight && random.Next(100) < 70 ? Math.Round(0.05 + (random.NextDouble() * 4.95), 3) : null;

            await articles.InsertAsync(
                [
                    id,
                    "ART" + id.ToString("D6", CultureInfo.InvariantCulture),
                    libelle,
                    familleId,
                    ShopTextFormat.Decimal(prixVente, 2),
                    prixAchat is { } achat ? ShopTextFormat.Decimal(achat, 4) : null,
                    ShopTextFormat.Decimal(tauxTva, 2),
                    actif,
                    codeBarre,
                    poidsKg,
                    ShopTextFormat.DateTime(Before(start, 700)),
                ],
                cancellationToken);
            if (actif)
            {
                sellable.Add(new CatalogArticle(id, prixVente, tauxTva, byWeight));
            }
        }

        Count(articles);
        return [.. sellable];
    }

    private async Task WriteClientsAsync(int count, DateTime start, CancellationToken cancellationToken)
    {
        using var clients = Inserter(
            "clients", "id", "nom", "prenom", "email", "telephone", "date_naissance", "solde", "cree_le");
        for (long id = 1; id <= count; id++)
        {
            var (nom, nomAscii) = Pick(ShopSampleText.Noms);
            var isCompany = nom.StartsWith("SARL", StringComparison.Ordinal);
            (string Prenom, string Ascii)? prenom = isCompany || random.Next(100) < 10 ? null : Pick(ShopSampleText.Prenoms);
            var email = random.Next(100) switch
            {
                < 12 => null,
                < 18 => "", // known to exist but left blank: not the same as NULL
                _ => $"{prenom?.Ascii ?? "contact"}.{nomAscii}{id.ToString(CultureInfo.InvariantCulture)}@{Pick(ShopSampleText.Domaines)}",
            };
            var telephone = random.Next(100) switch
            {
                < 15 => null,
                < 18 => "",
                _ => Telephone(),
            };
            string? dateNaissance = random.Next(100) < 25
                ? null
                : ShopTextFormat.Date(new DateOnly(1940, 1, 1).AddDays(random.Next(66 * 365)));
            var solde = random.Next(100) < 70 ? 0m : Math.Round(-300m + (random.Next(0, 110_000) / 100m), 2);

            await clients.InsertAsync(
                [
                    id, nom, prenom?.Prenom, email, telephone, dateNaissance, ShopTextFormat.Decimal(solde, 2),
                    ShopTextFormat.DateTime(Before(start, 1500)),
                ],
                cancellationToken);
        }

        Count(clients);
    }

    private async Task WriteFournisseursAsync(CancellationToken cancellationToken)
    {
        using var fournisseurs = Inserter("fournisseurs", "id", "raison_sociale", "siret", "email", "telephone");
        for (var i = 0; i < ShopSampleText.Fournisseurs.Length; i++)
        {
            var (raisonSociale, email) = ShopSampleText.Fournisseurs[i];
            var siret = i % 5 == 2 ? null : Digits(14);
            var telephone = i % 4 == 3 ? null : Telephone();
            await fournisseurs.InsertAsync([i + 1, raisonSociale, siret, email, telephone], cancellationToken);
        }

        Count(fournisseurs);
    }

    private async Task WriteTypesVenteAsync(CancellationToken cancellationToken)
    {
        using var typesVente = Inserter("types_vente", "id", "code", "libelle");
        for (var i = 0; i < ShopSampleText.TypesVente.Length; i++)
        {
            var (code, libelle) = ShopSampleText.TypesVente[i];
            await typesVente.InsertAsync([i + 1, code, libelle], cancellationToken);
        }

        Count(typesVente);
    }

    private async Task WriteCaissesAsync(CancellationToken cancellationToken)
    {
        using var caisses = Inserter("caisses", "id", "libelle", "numero_serie");
        for (var i = 0; i < ShopSampleText.Caisses.Length; i++)
        {
            var (libelle, numeroSerie) = ShopSampleText.Caisses[i];
            await caisses.InsertAsync([i + 1, libelle, numeroSerie], cancellationToken);
        }

        Count(caisses);
    }

    private string Libelle(int familleId, bool byWeight)
    {
        var text = new StringBuilder(Pick(ShopSampleText.Produits[familleId - 7]));
        var qualificatif = Pick(ShopSampleText.Qualificatifs);
        if (qualificatif.Length > 0)
        {
            text.Append(' ').Append(qualificatif);
        }

        text.Append(' ').Append(byWeight ? "au kg" : Pick(ShopSampleText.Formats));
        return text.ToString();
    }

    /// <summary>A random EAN-13 with a French (376) prefix and a valid check digit.</summary>
    private string Ean13()
    {
        var code = "376" + Digits(9);
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (code[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return code + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private string Telephone()
    {
        var number = "0" + random.Next(1, 8).ToString(CultureInfo.InvariantCulture) + Digits(8);
        return random.Next(3) switch
        {
            0 => number,
            1 => string.Join(' ', Enumerable.Range(0, 5).Select(i => number.Substring(i * 2, 2))),
            _ => "+33 " + number[1] + " " + string.Join(' ', Enumerable.Range(1, 4).Select(i => number.Substring(i * 2, 2))),
        };
    }

    private string Digits(int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        return new string(digits);
    }

    /// <summary>A moment up to <paramref name="maxDays"/> days before <paramref name="start"/>, to the millisecond.</summary>
    private DateTime Before(DateTime start, int maxDays) =>
        start.AddDays(-1 - random.Next(maxDays)).AddMilliseconds(random.Next(8 * 3_600_000, 20 * 3_600_000));

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];

    private SqliteRowInserter Inserter(string table, params string[] columns) =>
        new(connection, transaction, table, columns);

    private void Count(SqliteRowInserter inserter) => _rowCounts.Add(new TableRowCount(inserter.Table, inserter.RowsInserted));
}
