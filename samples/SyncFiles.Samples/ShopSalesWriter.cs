using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>
/// Writes sales to factures, lignes_facture and mouvements_stock, numbering lines and
/// movements from the given first ids.
/// </summary>
internal sealed class ShopSalesWriter : IDisposable
{
    private readonly SqliteRowInserter _factures;
    private readonly SqliteRowInserter _lignes;
    private readonly SqliteRowInserter _mouvements;
    private long _nextLigneId;
    private long _nextMouvementId;

    public ShopSalesWriter(
        SqliteConnection connection, SqliteTransaction transaction, long firstLigneId, long firstMouvementId)
    {
        _factures = new SqliteRowInserter(
            connection, transaction, "factures", "id", "numero", "client_id", "caisse_id", "type_vente_id",
            "date_facture", "total_ht", "total_tva", "total_ttc", "remarque", "uid", "modifie_le");
        _lignes = new SqliteRowInserter(
            connection, transaction, "lignes_facture", "id", "facture_id", "article_id", "quantite", "prix_unitaire",
            "remise_pct", "montant_ttc", "modifie_le");
        _mouvements = new SqliteRowInserter(
            connection, transaction, "mouvements_stock", "id", "article_id", "quantite", "type_mouvement", "reference",
            "date_mouvement", "modifie_le");
        _nextLigneId = firstLigneId;
        _nextMouvementId = firstMouvementId;
    }

    public IReadOnlyList<TableRowCount> RowCounts =>
    [
        new(_factures.Table, _factures.RowsInserted),
        new(_lignes.Table, _lignes.RowsInserted),
        new(_mouvements.Table, _mouvements.RowsInserted),
    ];

    public async Task WriteAsync(Sale sale, CancellationToken cancellationToken)
    {
        var modifieLe = ShopTextFormat.DateTime(sale.ModifieLe);
        var dateFacture = ShopTextFormat.DateTime(sale.DateFacture);
        await _factures.InsertAsync(
            [
                sale.Id, sale.Numero, sale.ClientId, sale.CaisseId, sale.TypeVenteId, dateFacture,
                ShopTextFormat.Decimal(sale.TotalHt, 2), ShopTextFormat.Decimal(sale.TotalTva, 2),
                ShopTextFormat.Decimal(sale.TotalTtc, 2), sale.Remarque, sale.Uid, modifieLe,
            ],
            cancellationToken);

        foreach (var line in sale.Lines)
        {
            await _lignes.InsertAsync(
                [
                    _nextLigneId++, sale.Id, line.ArticleId, ShopTextFormat.Decimal(line.Quantite, 3),
                    ShopTextFormat.Decimal(line.PrixUnitaire, 2), ShopTextFormat.Decimal(line.RemisePct, 2),
                    ShopTextFormat.Decimal(line.MontantTtc, 2), modifieLe,
                ],
                cancellationToken);
        }

        foreach (var movement in sale.Movements)
        {
            await _mouvements.InsertAsync(
                [
                    _nextMouvementId++, movement.ArticleId, ShopTextFormat.Decimal(movement.Quantite, 3),
                    movement.TypeMouvement, movement.Reference, dateFacture, modifieLe,
                ],
                cancellationToken);
        }
    }

    public void Dispose()
    {
        _factures.Dispose();
        _lignes.Dispose();
        _mouvements.Dispose();
    }
}
