using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>What a simulated day does: invoices to update and to insert, a seed, and the time stamped on every change.</summary>
internal sealed record ShopActivityOptions(int Updates, int Inserts, int Seed, DateTime At);

/// <summary>What a simulated day changed, and the newest factures.modifie_le found before it.</summary>
internal sealed record ShopActivityResult(
    string At, string? NewestModifieLeBefore, IReadOnlyList<TableRowCount> Updated, IReadOnlyList<TableRowCount> Inserted);

/// <summary>
/// Simulates a day of activity on an existing shop database, in one transaction: a
/// commercial discount on some invoices (remarque and totals), new invoices with their
/// lines and stock movements (ids continue after the largest), and one article's new
/// price. Every changed row gets modifie_le = the given time. The same seed on the same
/// database gives the same changes.
/// </summary>
internal sealed class ShopActivitySimulator(ShopActivityOptions options)
{
    private static readonly int[] DiscountPercents = [2, 5, 10];

    public async Task<ShopActivityResult> SimulateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var at = ShopTextFormat.DateTime(options.At);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        var catalog = await ShopCatalog.LoadAsync(connection, transaction, cancellationToken);
        var newest = await SqliteScalar.QueryAsync<string>(
            connection, transaction, "SELECT MAX(modifie_le) FROM factures", cancellationToken);

        var updatedFactures = await UpdateInvoicesAsync(connection, transaction, random, at, cancellationToken);
        var inserted = await InsertInvoicesAsync(connection, transaction, random, catalog, cancellationToken);
        var updatedArticles = await UpdateArticlePriceAsync(connection, transaction, random, catalog, at, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new ShopActivityResult(
            at, newest, [new("factures", updatedFactures), new("articles", updatedArticles)], inserted);
    }

    /// <summary>Picks <c>Updates</c> distinct invoices uniformly (selection sampling, one pass over the ids).</summary>
    private async Task<int> UpdateInvoicesAsync(
        SqliteConnection connection, SqliteTransaction transaction, Random random, string at,
        CancellationToken cancellationToken)
    {
        var total = await SqliteScalar.QueryAsync<long>(
            connection, transaction, "SELECT COUNT(*) FROM factures", cancellationToken);
        var needed = (int)Math.Min(options.Updates, total);
        var picked = new List<(long Id, decimal TotalHt, decimal TotalTtc)>(needed);
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, total_ht, total_ttc FROM factures ORDER BY id";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            for (var remaining = total; needed > 0 && await reader.ReadAsync(cancellationToken); remaining--)
            {
                if (random.NextInt64(remaining) < needed)
                {
                    picked.Add((reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2)));
                    needed--;
                }
            }
        }

        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText =
            "UPDATE factures SET remarque = $remarque, total_ht = $ht, total_tva = $tva, total_ttc = $ttc, " +
            "modifie_le = $at WHERE id = $id";
        var id = update.Parameters.Add(new SqliteParameter("$id", 0L));
        var remarque = update.Parameters.Add(new SqliteParameter("$remarque", ""));
        var ht = update.Parameters.Add(new SqliteParameter("$ht", ""));
        var tva = update.Parameters.Add(new SqliteParameter("$tva", ""));
        var ttc = update.Parameters.Add(new SqliteParameter("$ttc", ""));
        update.Parameters.Add(new SqliteParameter("$at", at));
        update.Prepare();

        var updated = 0;
        foreach (var facture in picked)
        {
            var percent = DiscountPercents[random.Next(DiscountPercents.Length)];
            var newTtc = Math.Round(facture.TotalTtc * (100 - percent) / 100m, 2, MidpointRounding.AwayFromZero);
            var newHt = Math.Round(facture.TotalHt * (100 - percent) / 100m, 2, MidpointRounding.AwayFromZero);
            id.Value = facture.Id;
            var text = string.Create(
                CultureInfo.InvariantCulture, $"Remise commerciale de {percent} % accordée le {options.At:dd/MM/yyyy}");
            if (random.Next(4) == 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $"\nValidée par le responsable, réf. \"RC-{facture.Id}\"");
            }

            remarque.Value = text;
            ht.Value = ShopTextFormat.Decimal(newHt, 2);
            tva.Value = ShopTextFormat.Decimal(newTtc - newHt, 2);
            ttc.Value = ShopTextFormat.Decimal(newTtc, 2);
            updated += await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return updated;
    }

    private async Task<IReadOnlyList<TableRowCount>> InsertInvoicesAsync(
        SqliteConnection connection, SqliteTransaction transaction, Random random, ShopCatalog catalog,
        CancellationToken cancellationToken)
    {
        var firstFactureId = await NextIdAsync(connection, transaction, "factures", cancellationToken);
        using var sales = new ShopSalesWriter(
            connection,
            transaction,
            await NextIdAsync(connection, transaction, "lignes_facture", cancellationToken),
            await NextIdAsync(connection, transaction, "mouvements_stock", cancellationToken));
        var factory = new SaleFactory(random, catalog);
        for (var i = 0; i < options.Inserts; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dateFacture = options.At.AddMilliseconds(-random.Next(1_000, 8 * 3_600_000));
            await sales.WriteAsync(factory.Create(firstFactureId + i, dateFacture, options.At), cancellationToken);
        }

        return sales.RowCounts;
    }

    private static async Task<int> UpdateArticlePriceAsync(
        SqliteConnection connection, SqliteTransaction transaction, Random random, ShopCatalog catalog, string at,
        CancellationToken cancellationToken)
    {
        var article = catalog.Articles[random.Next(catalog.Articles.Count)];
        var percent = random.Next(3, 11) * (random.Next(2) == 0 ? -1 : 1);
        var prix = Math.Max(0.01m, Math.Round(article.PrixVente * (100 + percent) / 100m, 2, MidpointRounding.AwayFromZero));

        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE articles SET prix_vente = $prix, modifie_le = $at WHERE id = $id";
        update.Parameters.Add(new SqliteParameter("$prix", ShopTextFormat.Decimal(prix, 2)));
        update.Parameters.Add(new SqliteParameter("$at", at));
        update.Parameters.Add(new SqliteParameter("$id", article.Id));
        return await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> NextIdAsync(
        SqliteConnection connection, SqliteTransaction transaction, string table, CancellationToken cancellationToken) =>
        1 + (await SqliteScalar.QueryAsync<long?>(
            connection, transaction, $"SELECT MAX(id) FROM \"{table}\"", cancellationToken) ?? 0);
}
