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
}
