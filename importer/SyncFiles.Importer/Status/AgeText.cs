using System.Globalization;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Status;

/// <summary>Durations as an operator reads them: "45 s", "12 min", "3 h 12 min", "4 d 3 h" ("4 j 3 h" in French).</summary>
public static class AgeText
{
    public static string Ago(TimeSpan age) => AgoText(age).Display;

    /// <summary>"3 h 12 min ago", to be shown in each reader's language.</summary>
    public static LocalizedText AgoText(TimeSpan age) => age < TimeSpan.Zero
        ? ImporterText.Get(nameof(ImporterMessages.AgeFuture))
        : ImporterText.Get(nameof(ImporterMessages.AgeAgo), DurationText(age));

    public static string Duration(TimeSpan span) => DurationText(span).Display;

    private static LocalizedText DurationText(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return ImporterText.Get(nameof(ImporterMessages.AgeSeconds), (long)span.TotalSeconds);
        }

        if (span < TimeSpan.FromHours(1))
        {
            return ImporterText.Get(nameof(ImporterMessages.AgeMinutes), (long)span.TotalMinutes);
        }

        if (span < TimeSpan.FromDays(2))
        {
            var hours = (long)span.TotalHours;
            return span.Minutes == 0 ? ImporterText.Get(nameof(ImporterMessages.AgeHours), hours) : ImporterText.Get(nameof(ImporterMessages.AgeHoursMinutes), hours, span.Minutes);
        }

        var days = (long)span.TotalDays;
        return span.Hours == 0 ? ImporterText.Get(nameof(ImporterMessages.AgeDays), days) : ImporterText.Get(nameof(ImporterMessages.AgeDaysHours), days, span.Hours);
    }

    /// <summary>A threshold as server.json writes it: the largest unit that divides it exactly, hours up to two days (24h, 50h, 3d, 90s).</summary>
    public static string Setting(TimeSpan span)
    {
        var invariant = CultureInfo.InvariantCulture;
        var seconds = (long)span.TotalSeconds;
        return seconds switch
        {
            0 => "0s",
            _ when seconds % 86400 == 0 && seconds >= 2 * 86400 => string.Create(invariant, $"{seconds / 86400}d"),
            _ when seconds % 3600 == 0 => string.Create(invariant, $"{seconds / 3600}h"),
            _ when seconds % 60 == 0 => string.Create(invariant, $"{seconds / 60}m"),
            _ => string.Create(invariant, $"{seconds}s"),
        };
    }
}
