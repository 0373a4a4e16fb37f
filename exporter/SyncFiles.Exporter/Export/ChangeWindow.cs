using System.Globalization;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.State;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Decides which rows of a transaction table one run exports. The upper bound is read from the
/// run's snapshot (the largest change value, or the database's own version for rowversion and
/// change tracking); the lower bound is the last run's upper bound, moved back by the overlap for
/// timestamps so that rows committed late with an older timestamp, or with a timestamp equal to
/// the bound, are exported again rather than missed (the importer's merge makes that harmless).
/// Pure logic: the snapshot supplies the bounds, the state the previous one.
/// </summary>
public sealed record ChangeWindow(ChangeRange? Range, Watermark Watermark, TableWatermark NextState)
{
    public static ChangeWindow Plan(
        ChangeStrategy strategy,
        ColumnSchema? column,
        TableWatermark? previous,
        object? upper,
        bool full,
        TimeSpan overlap,
        TimeSpan? initialWindow)
    {
        var previousTo = previous is { To: not null } && string.Equals(previous.Column, column?.Name, StringComparison.OrdinalIgnoreCase) && previous.Strategy == strategy
            ? ParseBound(previous.To, strategy)
            : null;

        if (full || previousTo is null)
        {
            if (!full && initialWindow is TimeSpan window && upper is DateTime newest && strategy == ChangeStrategy.Timestamp)
            {
                // First run of a site with a long history: only the recent window, as the old system did.
                var from = newest - window;
                return Make(strategy, column, new ChangeRange(strategy, column, from, FromInclusive: true, newest), from, upper);
            }

            // Everything: no filter, but remember the snapshot's bound so the next run starts there.
            return Make(strategy, column, null, null, upper);
        }

        if (upper is null || Compare(upper, previousTo) < 0)
        {
            // Table emptied, or its newest value older than last time (rows deleted, clock moved back):
            // the bound never runs backwards; export what lies above the overlap-adjusted bound, if anything.
            upper = previousTo;
        }

        var isTimestamp = strategy == ChangeStrategy.Timestamp;
        var lower = isTimestamp ? (DateTime)previousTo - overlap : previousTo;
        return Make(strategy, column, new ChangeRange(strategy, column, lower, isTimestamp, upper), lower, upper);
    }

    /// <summary>The strategy for a table: as configured, or inferred from the change column's type; checked against it.</summary>
    public static ChangeStrategy ResolveStrategy(string table, ColumnSchema? column, ChangeStrategy? configured)
    {
        if (configured == ChangeStrategy.ChangeTracking)
        {
            return ChangeStrategy.ChangeTracking;
        }

        if (column is null)
        {
            throw new ConfigurationException($"Table {table} is a transaction table and needs a changeColumn (or \"strategy\": \"changetracking\" on SQL Server).");
        }

        var isTime = column.Type == PortableType.DateTime;
        var isNumber = column.Type is PortableType.Int16 or PortableType.Int32 or PortableType.Int64;
        var strategy = configured ?? (isTime ? ChangeStrategy.Timestamp : ChangeStrategy.Sequence);
        if ((strategy == ChangeStrategy.Timestamp && !isTime) || (strategy is ChangeStrategy.Sequence or ChangeStrategy.Rowversion && !isNumber))
        {
            throw new ConfigurationException(
                $"Table {table}: change column {column.Name} is {column.Type.ToString().ToLowerInvariant()}; strategy 'timestamp' needs a datetime column, 'sequence' and 'rowversion' an integer or rowversion column.");
        }

        return strategy;
    }

    private static ChangeWindow Make(ChangeStrategy strategy, ColumnSchema? column, ChangeRange? range, object? from, object? to)
    {
        var toText = Format(to);
        return new ChangeWindow(
            range,
            new Watermark(column?.Name, strategy, Format(from), toText),
            new TableWatermark(column?.Name, strategy, toText));
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

        if (strategy != ChangeStrategy.Timestamp && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
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
