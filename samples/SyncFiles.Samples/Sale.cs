namespace SyncFiles.Samples;

/// <summary>One invoice with its lines and the stock movements it caused; ids of lines and movements are given when written.</summary>
internal sealed record Sale(
    long Id,
    string Numero,
    long? ClientId,
    int CaisseId,
    int TypeVenteId,
    DateTime DateFacture,
    decimal TotalHt,
    decimal TotalTva,
    decimal TotalTtc,
    string? Remarque,
    string Uid,
    DateTime ModifieLe,
    IReadOnlyList<SaleLine> Lines,
    IReadOnlyList<StockMovement> Movements);

internal readonly record struct SaleLine(long ArticleId, decimal Quantite, decimal PrixUnitaire, decimal RemisePct, decimal MontantTtc);

internal readonly record struct StockMovement(long ArticleId, decimal Quantite, string TypeMouvement, string? Reference);
