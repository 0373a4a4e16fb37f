using SyncFiles.Common;
using SyncFiles.Common.Config;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Status;

/// <summary>
/// How old a site's last applied bundle may be. Sites export nightly, so the defaults leave a day
/// and two hours (one missed night is late: amber) and two days and two hours (two missed nights
/// is critical: red), the two hours absorbing a slow courier or a late schedule.
/// </summary>
public sealed record StatusThresholds(TimeSpan LateAfter, TimeSpan CriticalAfter)
{
    public static StatusThresholds Default { get; } = new(TimeSpan.FromHours(26), TimeSpan.FromHours(50));

    /// <summary>The thresholds of server.json's <c>status</c> key, defaults where absent; bad values are a <see cref="ConfigurationException"/>.</summary>
    public static StatusThresholds FromConfig(ServerStatusConfig? config, string path)
    {
        try
        {
            return Default.With(config?.LateAfter, config?.CriticalAfter, "status.lateAfter", "status.criticalAfter");
        }
        catch (ConfigurationException ex)
        {
            throw new ConfigurationException(ConfigFile.InFile(path, ex.Text), ex);
        }
    }

    /// <summary>These thresholds with either one replaced by a duration such as 26h; the names say where each came from in errors.</summary>
    public StatusThresholds With(string? lateAfter, string? criticalAfter, string lateName, string criticalName)
    {
        var late = lateAfter is null ? LateAfter : Duration.Parse(lateAfter, lateName);
        var critical = criticalAfter is null ? CriticalAfter : Duration.Parse(criticalAfter, criticalName);
        if (late <= TimeSpan.Zero)
        {
            throw new ConfigurationException(ImporterText.Get(nameof(ImporterMessages.ThresholdsPositive), lateName));
        }

        if (critical < late)
        {
            throw new ConfigurationException(
                ImporterText.Get(nameof(ImporterMessages.ThresholdsOrder), criticalName, AgeText.Setting(critical), lateName, AgeText.Setting(late)));
        }

        return new StatusThresholds(late, critical);
    }

    /// <summary>The lag of a last bundle applied <paramref name="age"/> ago; <see cref="Lag.Never"/> without one.</summary>
    public Lag Classify(TimeSpan? age) => age switch
    {
        null => Lag.Never,
        var a when a >= CriticalAfter => Lag.Critical,
        var a when a >= LateAfter => Lag.Late,
        _ => Lag.Ok,
    };
}
