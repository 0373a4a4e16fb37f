using System.CommandLine;
using System.Diagnostics;

namespace SyncFiles.Samples;

/// <summary><c>generate</c>: creates a new shop database filled with a year of deterministic sample data.</summary>
internal static class GenerateCommand
{
    private static readonly DateOnly DefaultStart = new(2025, 1, 1);

    public static Command Create()
    {
        var db = CommandOptions.Database("Path of the SQLite file to create");
        var site = CommandOptions.Site();
        var invoices = CommandOptions.Count("--invoices", "Number of invoices (factures) to generate", 1000, minimum: 1);
        var seed = CommandOptions.Count("--seed", "Seed of the random generator: the same seed gives the same data", 42, int.MinValue);
        var start = CommandOptions.Date("--start", "First day of the 365 days of sales, yyyy-MM-dd [default: 2025-01-01]");
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists" };

        var command = new Command("generate", "Create a new shop (site) SQLite database and fill it with sample data.")
        {
            db, site, invoices, seed, start, force,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            "generate",
            async output =>
            {
                var path = parseResult.GetRequiredValue(db);
                var options = new ShopGenerationOptions(
                    parseResult.GetRequiredValue(site),
                    parseResult.GetValue(invoices),
                    parseResult.GetValue(seed),
                    parseResult.GetValue(start) ?? DefaultStart);
                var stopwatch = Stopwatch.StartNew();
                var rowCounts = await GenerateAsync(path, parseResult.GetValue(force), options, cancellationToken);
                await output.WriteLineAsync(
                    $"generated {path} (site {options.Site}, seed {options.Seed}) in {stopwatch.Elapsed.TotalSeconds:F1} s: "
                    + string.Join(", ", rowCounts.Select(count => $"{count.Table}={count.Rows}")));
            }));
        return command;
    }

    /// <summary>Generates into a new file; a file left half-made by a failure or a cancel is deleted.</summary>
    private static async Task<IReadOnlyList<TableRowCount>> GenerateAsync(
        string path, bool force, ShopGenerationOptions options, CancellationToken cancellationToken)
    {
        var connection = await ShopDatabaseFile.CreateNewAsync(path, force, cancellationToken);
        try
        {
            await using (connection)
            {
                return await new ShopDataGenerator(options).GenerateAsync(connection, cancellationToken);
            }
        }
        catch
        {
            ShopDatabaseFile.Delete(path);
            throw;
        }
    }
}
