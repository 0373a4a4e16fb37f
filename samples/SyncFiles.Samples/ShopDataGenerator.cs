using Microsoft.Data.Sqlite;

namespace SyncFiles.Samples;

/// <summary>What <see cref="ShopDataGenerator"/> makes: a site, a number of invoices, a seed and a first day.</summary>
internal sealed record ShopGenerationOptions(string Site, int Invoices, int Seed, DateOnly Start)
{
    /// <summary>Invoices are spread over this many days from <see cref="Start"/>.</summary>
    public const int Days = 365;

    public int ArticleCount => Math.Max(200, Invoices / 20);

    public int ClientCount => Math.Max(100, Invoices / 10);
}

/// <summary>
/// Fills a new, empty SQLite file with a shop database: the schema, the reference data and
/// the year of sales, in one transaction. The same options give the same rows. Sales are
/// made and written one at a time, in date order; only the current day's totals are kept.
/// </summary>
internal sealed class ShopDataGenerator(ShopGenerationOptions options)
{
    private const long ShopDayMilliseconds = 12 * 3_600_000; // the shop is open 08:00-20:00

    public async Task<IReadOnlyList<TableRowCount>> GenerateAsync(
        SqliteConnection connection, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var start = options.Start.ToDateTime(TimeOnly.MinValue);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ShopSchema.CreateShopTablesAsync(connection, transaction, cancellationToken);

        var reference = new ShopReferenceDataWriter(connection, transaction, random);
        var catalog = await reference.WriteAsync(
            options.Site, start, options.ArticleCount, options.ClientCount, cancellationToken);

        var factory = new SaleFactory(random, catalog);
        using var sales = new ShopSalesWriter(connection, transaction, firstLigneId: 1, firstMouvementId: 1);
        using var daily = new ShopDailyTotalsWriter(connection, transaction, random, options.Start, catalog.CaisseCount);
        long count = options.Invoices;
        for (long i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Invoice i sits at i/count of the year: day and time of day follow from it.
            var position = i * ShopGenerationOptions.Days;
            var day = (int)(position / count);
            var timeOfDay = (long)((double)(position % count) / count * ShopDayMilliseconds) + random.Next(1_000);
            var dateFacture = start.AddDays(day).AddHours(8).AddMilliseconds(timeOfDay);
            var modifieLe = dateFacture.AddMilliseconds(random.Next(1_000, 30_000));

            await daily.AdvanceToAsync(day, cancellationToken);
            var sale = factory.Create(i + 1, dateFacture, modifieLe);
            await sales.WriteAsync(sale, cancellationToken);
            daily.Add(sale);
        }

        await daily.AdvanceToAsync(ShopGenerationOptions.Days, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. reference.RowCounts, .. sales.RowCounts, .. daily.RowCounts];
    }
}
