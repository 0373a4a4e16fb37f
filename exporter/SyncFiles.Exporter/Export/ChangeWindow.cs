using System.Globalization;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.State;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Export;

/// <summary>
/// Decides which rows of a transaction table one run exports. The upper bound is read from the
/// run's snapshot (the largest change value, or the database's own version for rowversion and
/// change tracking); the lower bound is the last run's upper bound, moved back by the overlap for
/// timestamps so that rows committed late with an older timestamp, or with a timestamp equal to
/// the bound, are exported again rather than missed (the importer's merge makes that harmless).
/// A timestamp bound never runs ahead of the source database's clock plus the overlap: one row
/// dated 9999-12-31 would otherwise become the bound and every later change would lie below it
/// for good. Rows dated beyond that limit still travel, in every run, until they are corrected.
/// Pure logic: the snapshot supplies the bounds and the clock, the state the previous bound.
/// </summary>
public sealed record ChangeWindow(ChangeRange? Range, Watermark Watermark, TableWatermark NextState)
{
    /// <summary>
    /// How far a previous bound may lie beyond the clock plus the overlap and still be used as it
    /// is (the bound never runs backwards): a clock set back an hour for daylight saving time, or
    /// a SQLite column whose application writes local time while the clock read is UTC, must not
    /// send a whole table again. Only a bound further ahead is taken for a frozen state.
    /// </summary>
    public static readonly TimeSpan FrozenMargin = TimeSpan.FromDays(1);

    /// <summary>The largest change value when it lay beyond the clock plus the overlap (the bound stopped there); else null.</summary>
    public object? Newest { get; init; }

    /// <summary>The clock plus the overlap: the furthest a timestamp bound may go this run (null without a clock).</summary>
    public object? Limit { get; init; }

    /// <summary>
    /// The previous bound when it lay more than <see cref="FrozenMargin"/> beyond the clock plus the
    /// overlap (a state frozen by a future-dated row): which later changes were sent is unknown,
    /// so it was not used.
    /// </summary>
    public string? PreviousAheadOfClock { get; init; }

    /// <summary>The previous bound when it was a datetime for a datetimeoffset column or the reverse (the column's type changed): not used.</summary>
    public string? PreviousInOtherForm { get; init; }

    /// <param name="upper">The snapshot's upper bound (<see cref="ISourceSnapshot.ReadUpperBoundAsync"/>).</param>
    /// <param name="clock">The database's clock in the change column's terms (<see cref="ISourceSnapshot.ReadClockAsync"/>); null for other strategies.</param>
    public static ChangeWindow Plan(
        ChangeStrategy strategy,
        ColumnSchema? column,
        TableWatermark? previous,
        object? upper,
        object? clock,
        bool full,
        TimeSpan overlap,
        TimeSpan? initialWindow)
    {
        var isTimestamp = strategy == ChangeStrategy.Timestamp;
        var previousTo = previous is { To: not null } && string.Equals(previous.Column, column?.Name, StringComparison.OrdinalIgnoreCase) && previous.Strategy == strategy
            ? ParseBound(previous.To, strategy)
            : null;

        string? otherForm = null;
        if (previousTo is not null && isTimestamp && column is not null && (previousTo is DateTimeOffset) != (column.Type == PortableType.DateTimeOffset))
        {
            // The column changed between datetime and datetimeoffset: which instant the old bound
            // meant depends on a time zone nobody recorded, so the table starts again.
            otherForm = previous!.To;
            previousTo = null;
        }

        var limit = isTimestamp && clock is not null ? Add(clock, overlap) : null;
        string? aheadOfClock = null;
        if (limit is not null && previousTo is not null && Compare(previousTo, Add(limit, FrozenMargin)) > 0)
        {
            aheadOfClock = previous!.To;
            previousTo = null;
        }

        object? newest = null;
        if (limit is not null && upper is not null && Compare(upper, limit) > 0)
        {
            newest = upper;
            upper = limit;
        }

        ChangeWindow Window(ChangeRange? range, object? from, object? to) => Make(strategy, column, range, from, to) with
        {
            Newest = newest,
            Limit = limit,
            PreviousAheadOfClock = aheadOfClock,
            PreviousInOtherForm = otherForm,
        };

        if (full || previousTo is null)
        {
            if (!full && aheadOfClock is null && initialWindow is TimeSpan window && isTimestamp && upper is not null)
            {
                // First run of a site with a long history: only the recent window, as the old system did.
                var from = Add(upper, -window);
                return Window(new ChangeRange(strategy, column, from, FromInclusive: true, newest ?? upper), from, upper);
            }

            // Everything: no filter, but remember the snapshot's bound so the next run starts there.
            return Window(null, null, upper);
        }

        if (upper is null || Compare(upper, previousTo) < 0)
        {
            // Table emptied, or its newest value older than last time (rows deleted, clock moved back):
            // the bound never runs backwards; export what lies above the overlap-adjusted bound, if anything.
            upper = previousTo;
        }

        // The query's upper limit is the largest value itself, so rows dated beyond the bound travel
        // too; the state keeps the bound, so they travel again next run.
        var lower = isTimestamp ? Add(previousTo, -overlap) : previousTo;
        return Window(new ChangeRange(strategy, column, lower, isTimestamp, newest ?? upper), lower, upper);
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
            throw new ConfigurationException(ExporterText.Get(nameof(ExporterMessages.ChangeColumnNeeded), table));
        }

        var isTime = column.Type is PortableType.DateTime or PortableType.DateTimeOffset;
        var isNumber = column.Type is PortableType.Int16 or PortableType.Int32 or PortableType.Int64;
        var strategy = configured ?? (isTime ? ChangeStrategy.Timestamp : ChangeStrategy.Sequence);
        if ((strategy == ChangeStrategy.Timestamp && !isTime) || (strategy is ChangeStrategy.Sequence or ChangeStrategy.Rowversion && !isNumber))
        {
            throw new ConfigurationException(
                ExporterText.Get(nameof(ExporterMessages.ChangeColumnWrongType), table, column.Name, column.Type.ToString().ToLowerInvariant()));
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

    /// <summary>A bound in the watermark's text form (null stays null).</summary>
    public static string? Text(object? bound) => Format(bound);

    private static string? Format(object? bound) => bound switch
    {
        null => null,
        DateTime time => ValueText.FormatDateTime(time),
        DateTimeOffset instant => FormatInstant(instant),
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unexpected bound type {bound.GetType()}."),
    };

    /// <summary>A datetimeoffset bound in UTC: yyyy-MM-ddTHH:mm:ss[.fffffff]+00:00.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString(ValueText.DateTimeOffsetFormat, CultureInfo.InvariantCulture);

    private static object? ParseBound(string text, ChangeStrategy strategy)
    {
        if (strategy == ChangeStrategy.Timestamp &&
            DateTimeOffset.TryParseExact(text, ValueText.DateTimeOffsetFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToUniversalTime();
        }

        if (strategy == ChangeStrategy.Timestamp &&
            DateTime.TryParseExact(text, ValueText.DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        if (strategy != ChangeStrategy.Timestamp && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw new SyncFilesException(ExporterText.Get(nameof(ExporterMessages.WatermarkUnreadable), text, strategy.ToString().ToLowerInvariant()));
    }

    // Moves a timestamp bound, stopping at the ends of the calendar instead of overflowing.
    private static object Add(object bound, TimeSpan span) => bound switch
    {
        // Boxed arm by arm: the switch's natural type would otherwise turn a DateTime into a DateTimeOffset.
        DateTime time => (object)(span > TimeSpan.Zero
            ? (DateTime.MaxValue - time < span ? DateTime.MaxValue : time + span)
            : (time - DateTime.MinValue < -span ? DateTime.MinValue : time + span)),
        DateTimeOffset instant => span > TimeSpan.Zero
            ? (DateTimeOffset.MaxValue - instant < span ? DateTimeOffset.MaxValue : instant + span)
            : (instant - DateTimeOffset.MinValue < -span ? DateTimeOffset.MinValue : instant + span),
        _ => throw new InvalidOperationException($"Unexpected timestamp bound type {bound.GetType()}."),
    };

    private static int Compare(object a, object b) => a switch
    {
        DateTime time => time.CompareTo((DateTime)b),
        DateTimeOffset instant => instant.CompareTo((DateTimeOffset)b),
        long number => number.CompareTo((long)b),
        _ => throw new InvalidOperationException($"Unexpected bound type {a.GetType()}."),
    };
}
