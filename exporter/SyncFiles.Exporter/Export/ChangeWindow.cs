using System.Globalization;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.State;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Decides which rows of a transaction table one run exports. The upper bound is the largest change
/// value in the run's snapshot; the lower bound is the last run's upper bound, moved back by the
/// overlap for timestamps so that rows committed late with an older timestamp, or with a timestamp
/// equal to the bound, are exported again rather than missed (the importer's merge makes that
/// harmless). Pure logic: the snapshot supplies the maximum, the state the previous bound.
/// </summary>
public sealed record ChangeWindow(ChangeRange? Range, Watermark Watermark, TableWatermark NextState)
{
    public static ChangeWindow Plan(
        ColumnSchema column,
        ChangeStrategy strategy,
        TableWatermark? previous,
        object? upper,
        bool full,
        TimeSpan overlap,
        TimeSpan? initialWindow)
    {
        var previousTo = previous is { To: not null } && string.Equals(previous.Column, column.Name, StringComparison.OrdinalIgnoreCase) && previous.Strategy == strategy
            ? ParseBound(previous.To, strategy)
            : null;

        if (full || previousTo is null)
        {
            if (!full && previousTo is null && initialWindow is TimeSpan window && upper is DateTime newest && strategy == ChangeStrategy.Timestamp)
            {
                // First run of a site with a long history: only the recent window, as the old system did.
                var from = newest - window;
                return Make(column, strategy, new ChangeRange(column, from, FromInclusive: true, newest), from, upper);
            }

            // Everything: no filter, but remember the snapshot's maximum so the next run starts there.
            return Make(column, strategy, null, null, upper);
        }

        if (upper is null || Compare(upper, previousTo) < 0)
        {
            // Table emptied, or its newest value older than last time (rows deleted, clock moved back):
            // the bound never runs backwards; export what lies above the overlap-adjusted bound, if anything.
            upper = previousTo;
        }

        object lower = strategy == ChangeStrategy.Timestamp ? (DateTime)previousTo - overlap : previousTo;
        var inclusive = strategy == ChangeStrategy.Timestamp;
        return Make(column, strategy, new ChangeRange(column, lower, inclusive, upper), lower, upper);
    }

    public static ChangeStrategy InferStrategy(string table, ColumnSchema column, ChangeStrategy? configured)
    {
        var isTime = column.Type == PortableType.DateTime;
        var isNumber = column.Type is PortableType.Int16 or PortableType.Int32 or PortableType.Int64;
        var strategy = configured ?? (isTime ? ChangeStrategy.Timestamp : ChangeStrategy.Sequence);
        if ((strategy == ChangeStrategy.Timestamp && !isTime) || (strategy == ChangeStrategy.Sequence && !isNumber))
        {
            throw new ConfigurationException(
                $"Table {table}: change column {column.Name} is {column.Type.ToString().ToLowerInvariant()}; strategy 'timestamp' needs a datetime column and 'sequence' an integer column.");
        }

        return strategy;
    }

    private static ChangeWindow Make(ColumnSchema column, ChangeStrategy strategy, ChangeRange? range, object? from, object? to)
    {
        var toText = Format(to);
        return new ChangeWindow(
            range,
            new Watermark(column.Name, strategy, Format(from), toText),
            new TableWatermark(column.Name, strategy, toText));
    }

    private static string? Format(object? bound) => bound switch
    {
        null => null,
        DateTime time => ValueText.FormatDateTime(time),
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unexpected bound type {bound.GetType()}."),
    };

    private static object? ParseBound(string text, ChangeStrategy strategy)
    {
        if (strategy == ChangeStrategy.Timestamp &&
            DateTime.TryParseExact(text, ValueText.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        if (strategy == ChangeStrategy.Sequence && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw new SyncFilesException($"The state file holds '{text}' as a {strategy.ToString().ToLowerInvariant()} watermark, which cannot be read. Run with --full to start again from a complete export.");
    }

    private static int Compare(object a, object b) => a switch
    {
        DateTime time => time.CompareTo((DateTime)b),
        long number => number.CompareTo((long)b),
        _ => throw new InvalidOperationException($"Unexpected bound type {a.GetType()}."),
    };
}
