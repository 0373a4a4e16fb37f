using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;
using SyncFiles.Common.State;
using SyncFiles.Exporter.Export;

namespace SyncFiles.Tests.Exporter;

public sealed class ChangeWindowTests
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);
    private static readonly ColumnSchema Stamp = new("modifie_le", PortableType.DateTime, Nullable: false);
    private static readonly ColumnSchema Instant = new("last_update", PortableType.DateTimeOffset, Nullable: false);
    private static readonly DateTime Now = new(2026, 12, 5, 10, 0, 0);

    [Fact]
    public void A_future_dated_maximum_stops_the_bound_at_the_clock_plus_the_overlap_and_still_travels()
    {
        var previous = new TableWatermark("modifie_le", ChangeStrategy.Timestamp, "2026-12-05T09:00:00");

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Stamp, previous, new DateTime(9999, 12, 31), Now, full: false, Overlap, null);

        Assert.Equal("2026-12-05T10:05:00", window.NextState.To);
        Assert.Equal("2026-12-05T10:05:00", window.Watermark.To);
        Assert.Equal("2026-12-05T08:55:00", window.Watermark.From);
        // The query reaches the largest value, so the future-dated row is exported.
        Assert.Equal(new DateTime(9999, 12, 31), window.Range!.To);
        Assert.Equal(new DateTime(2026, 12, 5, 8, 55, 0), window.Range.From);
        Assert.Equal(new DateTime(9999, 12, 31), window.Newest);
        Assert.Equal(new DateTime(2026, 12, 5, 10, 5, 0), window.Limit);
    }

    [Fact]
    public void A_maximum_within_the_overlap_ahead_of_the_clock_is_the_bound_as_before()
    {
        var previous = new TableWatermark("modifie_le", ChangeStrategy.Timestamp, "2026-12-05T09:00:00");

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Stamp, previous, Now.AddMinutes(4), Now, full: false, Overlap, null);

        Assert.Equal("2026-12-05T10:04:00", window.NextState.To);
        Assert.Equal(Now.AddMinutes(4), window.Range!.To);
        Assert.Null(window.Newest);
    }

    [Fact]
    public void A_state_frozen_beyond_the_clock_is_not_used_and_the_table_goes_in_full()
    {
        var frozen = new TableWatermark("modifie_le", ChangeStrategy.Timestamp, "9999-12-31T00:00:00");

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Stamp, frozen, new DateTime(9999, 12, 31), Now, full: false, Overlap, TimeSpan.FromDays(7));

        Assert.Null(window.Range);
        Assert.Equal("9999-12-31T00:00:00", window.PreviousAheadOfClock);
        Assert.Equal("2026-12-05T10:05:00", window.NextState.To);
    }

    [Fact]
    public void A_previous_bound_hours_ahead_of_the_clock_is_kept_as_a_bound_never_runs_backwards()
    {
        // A clock set back an hour (daylight saving time ends): not a frozen state.
        var previous = new TableWatermark("modifie_le", ChangeStrategy.Timestamp, "2026-12-05T10:55:00");

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Stamp, previous, Now, Now, full: false, Overlap, null);

        Assert.Null(window.PreviousAheadOfClock);
        Assert.Equal("2026-12-05T10:55:00", window.NextState.To);
        Assert.Equal(new DateTime(2026, 12, 5, 10, 50, 0), window.Range!.From);
    }

    [Fact]
    public void The_first_window_without_a_state_stops_at_the_clock_too()
    {
        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Stamp, null, new DateTime(9999, 12, 31), Now, full: false, Overlap, null);

        Assert.Null(window.Range);
        Assert.Equal("2026-12-05T10:05:00", window.NextState.To);
        Assert.Equal(new DateTime(9999, 12, 31), window.Newest);
    }

    [Fact]
    public void Sequence_bounds_have_no_clock()
    {
        var previous = new TableWatermark("id", ChangeStrategy.Sequence, "10");
        var column = new ColumnSchema("id", PortableType.Int64, Nullable: false);

        var window = ChangeWindow.Plan(ChangeStrategy.Sequence, column, previous, 20L, null, full: false, Overlap, null);

        Assert.Equal("20", window.NextState.To);
        Assert.Null(window.Limit);
    }

    [Fact]
    public void Datetimeoffset_bounds_are_instants_written_in_utc()
    {
        var previous = new TableWatermark("last_update", ChangeStrategy.Timestamp, "2026-12-05T08:00:00+00:00");
        var upper = new DateTimeOffset(2026, 12, 5, 11, 30, 0, TimeSpan.FromHours(2));
        var clock = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Instant, previous, upper, clock, full: false, Overlap, null);

        Assert.Equal("2026-12-05T09:30:00+00:00", window.NextState.To);
        Assert.Equal("2026-12-05T07:55:00+00:00", window.Watermark.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 7, 55, 0, TimeSpan.Zero), window.Range!.From);
        Assert.Equal(upper, window.Range.To);
    }

    [Fact]
    public void A_future_datetimeoffset_is_capped_at_the_clock_plus_the_overlap()
    {
        var previous = new TableWatermark("last_update", ChangeStrategy.Timestamp, "2026-12-05T08:00:00.1234567+00:00");
        var clock = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Instant, previous, DateTimeOffset.MaxValue, clock, full: false, Overlap, null);

        Assert.Equal("2026-12-05T10:05:00+00:00", window.NextState.To);
        Assert.Equal("2026-12-05T07:55:00.1234567+00:00", window.Watermark.From);
        Assert.Equal(DateTimeOffset.MaxValue, window.Range!.To);
    }

    [Fact]
    public void A_datetime_bound_for_a_column_now_datetimeoffset_starts_the_table_again()
    {
        var previous = new TableWatermark("last_update", ChangeStrategy.Timestamp, "2026-12-05T08:00:00");
        var clock = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

        var window = ChangeWindow.Plan(ChangeStrategy.Timestamp, Instant, previous, clock, clock, full: false, Overlap, null);

        Assert.Null(window.Range);
        Assert.Equal("2026-12-05T08:00:00", window.PreviousInOtherForm);
        Assert.Equal("2026-12-05T10:00:00+00:00", window.NextState.To);
    }

    [Fact]
    public void Timestamp_strategy_is_inferred_for_a_datetimeoffset_column()
    {
        Assert.Equal(ChangeStrategy.Timestamp, ChangeWindow.ResolveStrategy("film", Instant, null));
        Assert.Equal(ChangeStrategy.Timestamp, ChangeWindow.ResolveStrategy("film", Instant, ChangeStrategy.Timestamp));
        var error = Assert.Throws<ConfigurationException>(() => ChangeWindow.ResolveStrategy("film", Instant, ChangeStrategy.Sequence));
        Assert.Contains("change column last_update is datetimeoffset", error.Message, StringComparison.Ordinal);
    }
}
