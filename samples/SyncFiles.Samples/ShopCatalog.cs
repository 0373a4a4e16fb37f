using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>An article that can be sold: what a sale line needs to know about it.</summary>
internal readonly record struct CatalogArticle(long Id, decimal PrixVente, decimal TauxTva, bool SoldByWeight);

/// <summary>
/// What sales draw from: the site, the active articles, and how many clients, tills and
/// kinds of sale exist (their ids run from 1 to the count).
/// </summary>
internal sealed class ShopCatalog
{
    private readonly CatalogArticle[] _articles;

    public ShopCatalog(string site, CatalogArticle[] articles, int clientCount, int caisseCount, int typeVenteCount)
    {
        if (articles.Length == 0)
        {
            throw new InvalidDataException("The shop has no active article to sell.");
        }

        Site = site;
        _articles = articles;
        ClientCount = clientCount;
        CaisseCount = caisseCount;
        TypeVenteCount = typeVenteCount;
    }

    public string Site { get; }

    public int ClientCount { get; }

    public int CaisseCount { get; }

    public int TypeVenteCount { get; }

    public IReadOnlyList<CatalogArticle> Articles => _articles;

    /// <summary>Picks an article, the first ones more often (a few products sell a lot).</summary>
    public CatalogArticle PickArticle(Random random)
    {
        var u = random.NextDouble();
        return _articles[(int)(u * u * _articles.Length)];
    }

    /// <summary>Reads the catalog back from an existing shop database.</summary>
    public static async Task<ShopCatalog> LoadAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var site = await SqliteScalar.QueryAsync<string>(connection, transaction, "SELECT MIN(id) FROM agences", cancellationToken)
            ?? throw new InvalidDataException("Table agences is empty: is this a shop database made by 'generate'?");

        var articles = new List<CatalogArticle>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id, prix_vente, taux_tva, famille_id FROM articles WHERE actif = 1 ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var familleId = await reader.IsDBNullAsync(3, cancellationToken) ? (long?)null : reader.GetInt64(3);
                articles.Add(new CatalogArticle(
                    reader.GetInt64(0),
                    Math.Round(reader.GetDecimal(1), 2),
                    Math.Round(reader.GetDecimal(2), 2),
                    familleId is { } id && ShopSampleText.IsSoldByWeight(id)));
            }
        }

        return new ShopCatalog(
            site,
            [.. articles],
            (int)(await SqliteScalar.QueryAsync<long?>(connection, transaction, "SELECT MAX(id) FROM clients", cancellationToken) ?? 0),
            (int)(await SqliteScalar.QueryAsync<long?>(connection, transaction, "SELECT MAX(id) FROM caisses", cancellationToken) ?? 1),
            (int)(await SqliteScalar.QueryAsync<long?>(connection, transaction, "SELECT MAX(id) FROM types_vente", cancellationToken) ?? 1));
    }
}
