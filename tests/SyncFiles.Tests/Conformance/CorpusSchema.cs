using System.Globalization;
using System.Text.RegularExpressions;

namespace SyncFiles.Tests.Conformance;

/// <summary>The two engines that run here (SQL Server has its own live suite).</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// How a column's value is spelled by the clients, used only across engines, where the same
/// value is printed differently (psql <c>t</c> and <c>Infinity</c>, sqlite3 <c>1</c> and
/// <c>Inf</c>, <c>10.50</c> and <c>10.5</c>). Within one engine the texts must be identical.
/// </summary>
public enum Spelling
{
    /// <summary>Text, integers, dates and the source's own text of enums, arrays, json ...: compared as printed.</summary>
    Exact,
    Decimal,

    /// <summary>A double precision / REAL value.</summary>
    Float,

    /// <summary>A PostgreSQL real: psql prints its shortest single-precision text, sqlite3 the double it became.</summary>
    Float32,
    Boolean,
    DateTime,
    DateTimeOffset,
}

/// <summary>One column of a corpus table: its name as the source spells it and how it is printed.</summary>
public sealed record CorpusColumn(string Name, Spelling Spelling = Spelling.Exact);

/// <summary>One table of a corpus: its name and key as the source spells them, and the columns compared.</summary>
public sealed record CorpusTable(string Name, string Key, IReadOnlyList<CorpusColumn> Columns, object SiteTable)
{
    public static CorpusTable Reference(string name, string key, params CorpusColumn[] columns) =>
        new(name, key, columns, new { name, kind = "reference" });

    public static CorpusTable Transaction(string name, string key, string changeColumn, string? strategy, params CorpusColumn[] columns) =>
        new(name, key, columns, strategy is null
            ? new { name, kind = "transaction", changeColumn }
            : (object)new { name, kind = "transaction", changeColumn, strategy });
}

/// <summary>
/// A schema of the conformance corpus: the source written in its engine's own DDL with its rows,
/// and the head-office tables written in each target engine's own DDL, with the site column
/// <see cref="SiteColumn"/> leading a composite key, as server.json wants.
/// </summary>
public sealed class CorpusSchema
{
    public const string SiteColumn = "site";

    public required string Name { get; init; }

    public required Engine SourceEngine { get; init; }

    /// <summary>The source's tables, constraints, triggers and rows, in the source engine's SQL.</summary>
    public required string Source { get; init; }

    /// <summary>Changes made at the site after the first bundle (source engine's SQL), carried by a second one; none when null.</summary>
    public string? Changes { get; init; }

    /// <summary>The head office, in each target engine's own DDL.</summary>
    public required IReadOnlyDictionary<Engine, string> HeadOffice { get; init; }

    public required IReadOnlyList<CorpusTable> Tables { get; init; }

    /// <summary>How a head office of the given engine spells a source name (PostgreSQL folds unquoted names to lower case).</summary>
    public Func<Engine, string, string> TargetName { get; init; } = (_, name) => name;

    public CorpusTable Table(string name) => Tables.Single(t => t.Name == name);

    public override string ToString() => Name;
}

/// <summary>The corpus's schemas, by name.</summary>
public static class Corpus
{
    public static CorpusSchema Get(string name) => name switch
    {
        "music-store" => MusicStoreCorpus.Schema,
        "dvd-rental" => DvdRentalCorpus.Schema,
        "edge-shop-sqlite" => EdgeShopCorpus.Sqlite,
        "edge-shop-postgres" => EdgeShopCorpus.Postgres,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>A double-quoted identifier, as both engines write one.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Brings the clients' spellings of one value to one form (across engines only).</summary>
public static partial class Spellings
{
    public static string Normalize(Spelling spelling, string text)
    {
        if (text == DatabaseClients.NullText)
        {
            return text;
        }

        switch (spelling)
        {
            case Spelling.Decimal when text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase):
                var trimmed = text.TrimEnd('0').TrimEnd('.');
                return trimmed is "-0" or "" ? "0" : trimmed;
            case Spelling.Float or Spelling.Float32:
                var number = text switch
                {
                    "Inf" or "Infinity" => double.PositiveInfinity,
                    "-Inf" or "-Infinity" => double.NegativeInfinity,
                    _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN,
                };
                if (double.IsNaN(number))
                {
                    return text;
                }

                return spelling == Spelling.Float32
                    ? ((float)number).ToString("R", CultureInfo.InvariantCulture)
                    : number.ToString("R", CultureInfo.InvariantCulture);
            case Spelling.Boolean:
                return text switch
                {
                    "t" or "true" or "1" => "1",
                    "f" or "false" or "0" => "0",
                    _ => text,
                };
            case Spelling.DateTime:
                return TrimFraction(text.Replace('T', ' '));
            case Spelling.DateTimeOffset:
                var withMinutes = ShortOffset().IsMatch(text) ? text + ":00" : text;
                return DateTimeOffset.TryParse(withMinutes.Replace('T', ' '), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                    ? TrimFraction(instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)) + "Z"
                    : text;
            default:
                return text;
        }
    }

    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var fraction = text[(dot + 1)..end].TrimEnd('0');
        return text[..dot] + (fraction.Length > 0 ? "." + fraction : string.Empty) + text[end..];
    }

    [GeneratedRegex(@"[+-]\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortOffset();
}
