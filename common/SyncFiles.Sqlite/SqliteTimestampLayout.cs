using System.Globalization;

namespace SyncFiles.Sqlite;

/// <summary>
/// The text layout of a SQLite date-time column (separator and fraction digits), detected from a
/// stored value so that range bounds compare correctly as text and the index can still be used.
/// </summary>
internal sealed record SqliteTimestampLayout(char Separator, int FractionDigits)
{
    public static SqliteTimestampLayout Default { get; } = new(' ', 3);

    public static bool TryDetect(string text, out SqliteTimestampLayout layout, out DateTime value)
    {
        layout = Default;
        value = default;
        if (text.Length < 19 || (text[10] != ' ' && text[10] != 'T'))
        {
            return false;
        }

        var fraction = 0;
        if (text.Length > 19)
        {
            if (text[19] != '.')
            {
                return false;
            }

            fraction = text.Length - 20;
            if (fraction is < 1 or > 7)
            {
                return false;
            }
        }

        layout = new SqliteTimestampLayout(text[10], fraction);
        return DateTime.TryParseExact(text, layout.Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private string Pattern =>
        $"yyyy-MM-dd'{Separator}'HH:mm:ss" + (FractionDigits > 0 ? "." + new string('f', FractionDigits) : string.Empty);

    public string Format(DateTime value) => value.ToString(Pattern, CultureInfo.InvariantCulture);
}
