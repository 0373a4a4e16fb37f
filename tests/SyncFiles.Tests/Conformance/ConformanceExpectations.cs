namespace SyncFiles.Tests.Conformance;

/// <summary>A source engine and a head-office engine.</summary>
public sealed record EnginePair(Engine Source, Engine Target)
{
    public static readonly EnginePair SqliteToSqlite = new(Engine.Sqlite, Engine.Sqlite);
    public static readonly EnginePair SqliteToPostgres = new(Engine.Sqlite, Engine.Postgres);
    public static readonly EnginePair PostgresToPostgres = new(Engine.Postgres, Engine.Postgres);
    public static readonly EnginePair PostgresToSqlite = new(Engine.Postgres, Engine.Sqlite);

    public bool CrossEngine => Source != Target;

    public override string ToString() => $"{Source.ToString().ToLowerInvariant()}->{Target.ToString().ToLowerInvariant()}";
}

/// <summary>
/// A value of the corpus the target engine cannot hold: the bundle must be quarantined (exit 3)
/// with a message naming the table, the line and this column, and nothing of it must arrive.
/// <paramref name="BeforeAnyRow"/>: the column's type itself cannot go into the target's column,
/// so the refusal comes before any row is read and names table and column (there is no line).
/// </summary>
public sealed record Refusal(EnginePair Pair, string Schema, string Table, string Column, string Reason, bool BeforeAnyRow = false);

/// <summary>
/// The expectation table of the conformance corpus, for every (pair, table, column): every column
/// of every table arrives as <b>identical text</b> (as psql / sqlite3 print it; across engines after
/// bringing each client's spelling of the same value to one form, see <see cref="Spellings"/>),
/// except the columns listed in <see cref="Refusals"/>, which are <b>refused with the reason</b>
/// given. A table with a refused column is left out of its pair's identical run and checked in a
/// run of its own. Change a line here, and only here, when a decision on a value changes.
/// </summary>
public static class ConformanceExpectations
{
    public static readonly IReadOnlyList<Refusal> Refusals =
    [
        // PostgreSQL's infinities are kept by a SQLite head office as their own text ('infinity'), which
        // SQLite's dates are anyway and a SQLite source reads back as the infinity: identical text, not a refusal.

        // SQLite cannot store a NaN REAL (it becomes NULL): refused, not nulled (issue 11: "store it or refuse it clearly").
        new(EnginePair.PostgresToSqlite, "edge-shop-postgres", "float_nan", "measure", "NaN cannot be stored by SQLite"),

        // numeric(38,0) travels as PostgreSQL's own text; SQLite's NUMERIC affinity would turn it into a
        // REAL of about 15 significant digits: refused for the column's type before any row, never rounded.
        new(EnginePair.PostgresToSqlite, "edge-shop-postgres", "big_numbers", "exact38", "38 digits are more than SQLite keeps exactly", BeforeAnyRow: true),

        // SQLite text can hold U+0000; the bundle format refuses it in any field (docs/bundle-format.md), and PostgreSQL text cannot hold it.
        new(EnginePair.SqliteToSqlite, "edge-shop-sqlite", "nul_text", "body", "a bundle field cannot carry the character U+0000"),
        new(EnginePair.SqliteToPostgres, "edge-shop-sqlite", "nul_text", "body", "a bundle field cannot carry the character U+0000, nor PostgreSQL text hold it"),
    ];

    /// <summary>The schemas each pair runs: a source engine's schemas, to both head-office engines.</summary>
    public static IReadOnlyList<string> SchemasOf(EnginePair pair) => pair.Source == Engine.Sqlite
        ? ["music-store", "edge-shop-sqlite"]
        : ["dvd-rental", "edge-shop-postgres"];

    public static IEnumerable<Refusal> RefusalsOf(EnginePair pair, string schema) =>
        Refusals.Where(r => r.Pair == pair && r.Schema == schema);

    public static bool IsRefused(EnginePair pair, string schema, string table) =>
        RefusalsOf(pair, schema).Any(r => r.Table == table);
}
