using System.Globalization;
using SyncFiles.Common.Text;

namespace SyncFiles.Common.Config;

/// <summary>Durations in configuration: a number and a unit, <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>.</summary>
public static class Duration
{
    public static TimeSpan Parse(string text, string setting)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new ConfigurationException(CommonText.Get(nameof(CommonMessages.MsgDurationInvalid), setting, text));
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        try
        {
            value = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => TimeSpan.MinValue,
            };
        }
        catch (OverflowException)
        {
            return false;
        }

        return value != TimeSpan.MinValue;
    }
}
