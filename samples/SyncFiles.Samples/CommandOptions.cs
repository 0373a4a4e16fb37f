using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SyncFiles.Samples;

/// <summary>Option parsing and checks shared by the commands; a bad value is a usage error (exit code 2).</summary>
internal static partial class CommandOptions
{
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    public static Option<string> Database(string description) =>
        new("--db") { Description = description, Required = true };

    public static Option<int> Count(string name, string description, int defaultValue, int minimum)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{name} must be at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

    /// <summary>A site id: 1 to 10 letters, digits or '_' (it fills central's agence VARCHAR(10)).</summary>
    public static Option<string> Site()
    {
        var option = new Option<string>("--site") { Description = "Site (agency) id, e.g. AG01", Required = true };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || !SitePattern().IsMatch(value))
            {
                result.AddError($"--site '{value}' is not a site id: use 1 to 10 letters, digits or '_' (e.g. AG01).");
            }
        });
        return option;
    }

    /// <summary>A date (yyyy-MM-dd); null when the option is not given.</summary>
    public static Option<DateOnly?> Date(string name, string description) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                result.AddError($"{name} '{text}' is not a date: use yyyy-MM-dd.");
                return null;
            },
        };

    /// <summary>A date and time, to the millisecond; null when the option is not given.</summary>
    public static Option<DateTime?> DateTime(string name, string description) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
                if (System.DateTime.TryParseExact(
                    text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
                {
                    return value;
                }

                result.AddError($"{name} '{text}' is not a date and time: use \"yyyy-MM-dd HH:mm:ss\" (optionally .fff).");
                return null;
            },
        };

    /// <summary>The current UTC time, cut to the millisecond (the precision stored).</summary>
    public static DateTime UtcNowToTheMillisecond()
    {
        var now = System.DateTime.UtcNow;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified);
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex SitePattern();
}
