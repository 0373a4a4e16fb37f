using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>
/// Sums the sales of one day and, when the day is over, writes statistiques (one row per
/// article sold that day) and chiffre_affaires (one row per till, zero when nothing sold).
/// Sales must come in day order; only the current day is held in memory.
/// </summary>
internal sealed class ShopDailyTotalsWriter : IDisposable
{
    private readonly Random _random;
    private readonly DateOnly _firstDay;
    private readonly SqliteRowInserter _statistiques;
    private readonly SqliteRowInserter _chiffreAffaires;
    private readonly Dictionary<long, (decimal Quantite, decimal MontantTtc)> _articles = [];
    private readonly (decimal MontantHt, decimal MontantTtc, long NbFactures)[] _caisses;
    private int _day;

    public ShopDailyTotalsWriter(
        SqliteConnection connection, SqliteTransaction transaction, Random random, DateOnly firstDay, int caisseCount)
    {
        _random = random;
        _firstDay = firstDay;
        _caisses = new (decimal, decimal, long)[caisseCount];
        _statistiques = new SqliteRowInserter(
            connection, transaction, "statistiques", "id", "jour", "article_id", "quantite_vendue", "montant_ttc",
            "modifie_le");
        _chiffreAffaires = new SqliteRowInserter(
            connection, transaction, "chiffre_affaires", "id", "jour", "caisse_id", "montant_ht", "montant_ttc",
            "nb_factures", "modifie_le");
    }

    public IReadOnlyList<TableRowCount> RowCounts =>
    [
        new(_statistiques.Table, _statistiques.RowsInserted),
        new(_chiffreAffaires.Table, _chiffreAffaires.RowsInserted),
    ];

    /// <summary>Adds a sale of the current day (see <see cref="AdvanceToAsync"/>).</summary>
    public void Add(Sale sale)
    {
        foreach (var line in sale.Lines)
        {
            ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_articles, line.ArticleId, out _);
            totals = (totals.Quantite + line.Quantite, totals.MontantTtc + line.MontantTtc);
        }

        ref var caisse = ref _caisses[sale.CaisseId - 1];
        caisse = (caisse.MontantHt + sale.TotalHt, caisse.MontantTtc + sale.TotalTtc, caisse.NbFactures + 1);
    }

    /// <summary>Closes every day before <paramref name="day"/> (0 = the first day), writing its totals.</summary>
    public async Task AdvanceToAsync(int day, CancellationToken cancellationToken)
    {
        while (_day < day)
        {
            await WriteDayAsync(cancellationToken);
            _day++;
        }
    }

    private async Task WriteDayAsync(CancellationToken cancellationToken)
    {
        var jourDate = _firstDay.AddDays(_day);
        var jour = ShopTextFormat.Date(jourDate);
        var closing = jourDate.ToDateTime(new TimeOnly(21, 0));

        var articleIds = _articles.Keys.ToArray();
        Array.Sort(articleIds);
        var modifieLe = ShopTextFormat.DateTime(closing.AddMilliseconds(_random.Next(1_000, 30_000)));
        foreach (var articleId in articleIds)
        {
            var (quantite, montantTtc) = _articles[articleId];
            await _statistiques.InsertAsync(
                [
                    _statistiques.RowsInserted + 1, jour, articleId, ShopTextFormat.Decimal(quantite, 3),
                    ShopTextFormat.Decimal(montantTtc, 2), modifieLe,
                ],
                cancellationToken);
        }

        _articles.Clear();

        modifieLe = ShopTextFormat.DateTime(closing.AddMilliseconds(_random.Next(30_000, 60_000)));
        for (var i = 0; i < _caisses.Length; i++)
        {
            var (montantHt, montantTtc, nbFactures) = _caisses[i];
            await _chiffreAffaires.InsertAsync(
                [
                    _chiffreAffaires.RowsInserted + 1, jour, i + 1, ShopTextFormat.Decimal(montantHt, 2),
                    ShopTextFormat.Decimal(montantTtc, 2), nbFactures, modifieLe,
                ],
                cancellationToken);
            _caisses[i] = default;
        }
    }

    public void Dispose()
    {
        _statistiques.Dispose();
        _chiffreAffaires.Dispose();
    }
}
