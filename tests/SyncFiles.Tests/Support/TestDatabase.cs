using System.Globalization;
using System.Text.RegularExpressions;

namespace SyncFiles.Tests.Support;

/// <summary>
/// One real, empty database of one provider, owned by one test. Scenario DDL and data are written
/// once with placeholders ({int64}, {varchar:20}, {decimal:14:2}, {datetime}, {true}, {bin:00FF} ...)
/// that each provider renders in its own dialect.
/// </summary>
public abstract partial class TestDatabase : IDisposable
{
    public abstract string Provider { get; }

    /// <summary>The connection string a configuration file gives for this database.</summary>
    public abstract string ConnectionString { get; }

    public void Execute(string sql) => ExecuteRendered(Render(sql));

    public List<object?[]> Query(string sql) => QueryRendered(Render(sql));

    /// <summary>Rows with every value in one comparable text form (see <see cref="Canonical"/>).</summary>
    public List<string?[]> QueryCanonical(string sql) => Query(sql).Select(row => row.Select(Canonical).ToArray()).ToList();

    public long Count(string table) => Convert.ToInt64(Query($"SELECT COUNT(*) FROM {table}")[0][0], CultureInfo.InvariantCulture);

    public abstract void Dispose();

    protected abstract void ExecuteRendered(string sql);

    protected abstract List<object?[]> QueryRendered(string sql);

    /// <summary>The provider's column type for a portable type with its arguments.</summary>
    protected abstract string TypeName(string portable, string[] arguments);

    protected abstract string BooleanLiteral(bool value);

    protected abstract string BinaryLiteral(string hex);

    /// <summary>Every row of a reader, NULL as null.</summary>
    protected static List<object?[]> ReadAll(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public string Render(string sql) => Placeholder().Replace(sql, match =>
    {
        var parts = match.Groups[1].Value.Split(':');
        return parts[0] switch
        {
            "true" => BooleanLiteral(true),
            "false" => BooleanLiteral(false),
            "bin" => BinaryLiteral(parts.Length > 1 ? parts[1] : string.Empty),
            _ => TypeName(parts[0], parts[1..]),
        };
    });

    /// <summary>
    /// A database-neutral text form for assertions: numbers without trailing zeros, date-times as
    /// yyyy-MM-dd HH:mm:ss[.fffffff], offsets in UTC, booleans as 1/0, binary as hex.
    /// </summary>
    public static string? Canonical(object? value) => value switch
    {
        null or DBNull => null,
        bool flag => flag ? "1" : "0",
        short or int or long or decimal or byte => Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => ((double)number).ToString("R", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (time.Kind == DateTimeKind.Utc ? "Z" : string.Empty),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan time => TimeOnly.FromTimeSpan(time).ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Guid guid => guid.ToString("D"),
        byte[] bytes => Convert.ToHexString(bytes),
        string text => CanonicalText(text),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    // SQLite keeps date-times as text: read them as the other providers' values would read.
    private static string CanonicalText(string text)
    {
        if (DateTimeText().IsMatch(text))
        {
            if (text.Length > 19 && (text[^6] is '+' or '-') && text[^3] == ':' &&
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var offset))
            {
                return Canonical(offset)!;
            }

            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return Canonical(time)!;
            }
        }

        if (TimeText().IsMatch(text) && TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var timeOfDay))
        {
            return Canonical(timeOfDay)!;
        }

        return text;
    }

    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2}(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeText();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeText();

    [GeneratedRegex(@"\{([a-z0-9]+(?::[A-Za-z0-9]*)*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
