using System.Globalization;

namespace SyncFiles.Samples;

/// <summary>
/// Makes random but consistent sales: 1 to 8 lines (about 5), line amounts from quantity,
/// price and discount, invoice totals from the lines, and about 2 stock movements.
/// </summary>
internal sealed class SaleFactory(Random random, ShopCatalog catalog)
{
    private static readonly decimal[] Remises = [5m, 10m, 15m, 20m, 50m];

    public Sale Create(long id, DateTime dateFacture, DateTime modifieLe)
    {
        var numero = catalog.Site + "-" + id.ToString("D9", CultureInfo.InvariantCulture);
        var lineCount = Math.Min(8, 1 + random.Next(5) + random.Next(5));
        var lines = new SaleLine[lineCount];
        decimal totalTtc = 0m, totalHt = 0m;
        for (var i = 0; i < lineCount; i++)
        {
            var article = catalog.PickArticle(random);
            var quantite = article.SoldByWeight
                ? random.Next(50, 3001) / 1000m
                : random.Next(10) < 7 ? 1m : random.Next(2, 7);
            var remisePct = random.Next(100) < 85 ? 0m : Remises[random.Next(Remises.Length)];
            var montantTtc = Round2(quantite * article.PrixVente * (100m - remisePct) / 100m);
            lines[i] = new SaleLine(article.Id, quantite, article.PrixVente, remisePct, montantTtc);
            totalTtc += montantTtc;
            totalHt += Round2(montantTtc * 100m / (100m + article.TauxTva));
        }

        long? clientId = catalog.ClientCount == 0 || random.Next(100) < 60 ? null : 1 + random.Next(catalog.ClientCount);
        var caisseId = 1 + random.Next(catalog.CaisseCount);
        var typeVenteId = Math.Min(catalog.TypeVenteCount, random.Next(100) switch
        {
            < 30 => 1,
            < 90 => 2,
            < 95 => 3,
            _ => 4,
        });
        var remarque = random.Next(100) < 5 ? ShopSampleText.Remarques[random.Next(ShopSampleText.Remarques.Length)] : null;

        return new Sale(
            id, numero, clientId, caisseId, typeVenteId, dateFacture, totalHt, totalTtc - totalHt, totalTtc, remarque,
            ShopTextFormat.Uuid(random), modifieLe, lines, Movements(numero, lines));
    }

    private StockMovement[] Movements(string numero, SaleLine[] lines)
    {
        var movements = new StockMovement[random.Next(5)];
        for (var i = 0; i < movements.Length; i++)
        {
            var kind = random.Next(100);
            if (kind < 80)
            {
                var line = lines[random.Next(lines.Length)];
                movements[i] = new StockMovement(line.ArticleId, -line.Quantite, "VENTE", numero);
            }
            else if (kind < 95)
            {
                var reference = "BL-" + random.Next(1, 11).ToString("D2", CultureInfo.InvariantCulture) + "-"
                    + random.Next(1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                movements[i] = new StockMovement(catalog.PickArticle(random).Id, random.Next(1, 11) * 12m, "RECEPTION", reference);
            }
            else
            {
                movements[i] = new StockMovement(catalog.PickArticle(random).Id, random.Next(-3, 4), "INVENTAIRE", null);
            }
        }

        return movements;
    }

    private static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
