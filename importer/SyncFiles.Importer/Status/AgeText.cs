using System.Globalization;

namespace SyncFiles.Importer.Status;

/// <summary>Durations as an operator reads them: "45 s", "12 min", "3 h 12 min", "4 d 3 h".</summary>
public static class AgeText
{
    public static string Ago(TimeSpan age) => age < TimeSpan.Zero ? "in the future (check the clocks)" : Duration(age) + " ago";

    public static string Duration(TimeSpan span)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(invariant, $"{(long)span.TotalSeconds} s");
        }

        if (span < TimeSpan.FromHours(1))
        {
            return string.Create(invariant, $"{(long)span.TotalMinutes} min");
        }

        if (span < TimeSpan.FromDays(2))
        {
            var hours = (long)span.TotalHours;
            return span.Minutes == 0 ? string.Create(invariant, $"{hours} h") : string.Create(invariant, $"{hours} h {span.Minutes} min");
        }

        var days = (long)span.TotalDays;
        return span.Hours == 0 ? string.Create(invariant, $"{days} d") : string.Create(invariant, $"{days} d {span.Hours} h");
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
