using System.CommandLine;

namespace SyncFiles.Samples;

/// <summary><c>change</c>: simulates a day of activity on an existing shop database.</summary>
internal static class ChangeCommand
{
    public static Command Create()
    {
        var db = CommandOptions.Database("Path of an existing shop SQLite file");
        var update = CommandOptions.Count("--update", "Number of existing invoices to update", 0, minimum: 0);
        var insert = CommandOptions.Count("--insert", "Number of new invoices to insert", 0, minimum: 0);
        var seed = CommandOptions.Count("--seed", "Seed of the random generator: the same seed gives the same changes", 7, int.MinValue);
        var at = CommandOptions.DateTime("--at", "Time stamped in modifie_le of every change (default: now, UTC)");

        var command = new Command("change", "Update and insert invoices and change one article's price, as a day at the shop would.")
        {
            db, update, insert, seed, at,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult,
            "change",
            async output =>
            {
                var options = new ShopActivityOptions(
                    parseResult.GetValue(update),
                    parseResult.GetValue(insert),
                    parseResult.GetValue(seed),
                    parseResult.GetValue(at) ?? CommandOptions.UtcNowToTheMillisecond());
                ShopActivityResult result;
                await using (var connection = await ShopDatabaseFile.OpenExistingAsync(
                    parseResult.GetRequiredValue(db), cancellationToken))
                {
                    result = await new ShopActivitySimulator(options).SimulateAsync(connection, cancellationToken);
                }

                await output.WriteLineAsync(
                    $"changed at {result.At}: updated "
                    + string.Join(", ", result.Updated.Select(count => $"{count.Table}={count.Rows}"))
                    + "; inserted "
                    + string.Join(", ", result.Inserted.Select(count => $"{count.Table}={count.Rows}")));
                if (string.CompareOrdinal(result.At, result.NewestModifieLeBefore) <= 0)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                        $"change: warning: --at {result.At} is not after the newest factures.modifie_le "
                        + $"({result.NewestModifieLeBefore}); an export that filters on modifie_le may not see these changes.");
                }
            }));
        return command;
    }
}
