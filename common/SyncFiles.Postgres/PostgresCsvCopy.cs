using System.Text.Json;
using Npgsql;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// The <c>COPY (SELECT ...) TO STDOUT (FORMAT csv)</c> statement that has PostgreSQL write a table's
/// rows in the bundle's CSV form itself, so the exporter only counts, hashes and compresses bytes.
/// </summary>
/// <remarks>
/// PostgreSQL's CSV output already follows the bundle dialect: NULL is an empty unquoted field, the
/// empty string is <c>""</c>, and a field is quoted exactly when it holds a comma, a quote, CR or LF.
/// Each column gets the expression that turns its type's text output into the bundle's form
/// (docs/bundle-format.md, section 7), and the rows must come out byte for byte as
/// <see cref="SyncFiles.Common.Csv.TableCsvWriter"/> writes them from a data reader (a property test
/// compares the two) once <see cref="PostgresCsvFinisher"/> has put the <c>T</c> into timestamps.
/// Dates, times and timestamps are written as their type's own output, and the values the reader
/// path cannot carry either (a date outside years 1 to 9999, 24:00 as a time, NaN in a numeric) are
/// refused by the finisher as they pass: a check per value here cost the server more
/// (docs/performance.md). Only timestamptz, which is converted to UTC text here, keeps its range
/// guard in the statement and stops the COPY through <see cref="Refuse"/>.
/// The expressions assume <c>DateStyle</c> ISO, which the source snapshot sets for its transaction.
/// </remarks>
internal static class PostgresCsvCopy
{
    // SyncFiles' own marker inside the error PostgreSQL raises for a refused value (see Refuse).
    public const string RefusalMarker = "syncfiles-export refuses ";

    private const string FromSetting = "syncfiles.export_from";
    private const string ToSetting = "syncfiles.export_to";

    /// <summary>
    /// Whether PostgreSQL can write this table's CSV: more than one column (a one-column table needs
    /// the exporter's own NULL check), every type one this class formats, and a change column the
    /// range can be bound to as text.
    /// </summary>
    public static bool CanFormat(TableSchema table, ChangeRange? range) =>
        table.Columns.Count > 1
        && table.Columns.All(CanFormat)
        && (range?.Column is null || range.Column.Type is PortableType.DateTime or PortableType.DateTimeOffset or PortableType.Int16 or PortableType.Int32 or PortableType.Int64);

    /// <summary>
    /// Statement that stores the range's bounds as transaction settings the COPY reads back (a COPY
    /// cannot take parameters): @from and @to are bound as parameters, converted to text by
    /// PostgreSQL itself so they compare exactly as the values they came from.
    /// </summary>
    public const string BindRange =
        $"SELECT set_config('{ToSetting}', @to::text, true), set_config('{FromSetting}', COALESCE(@from::text, ''), true)";

    /// <summary>
    /// The statement for a table, its change range planned as PostgreSQL plans it: when the plan
    /// for the bounds as written (<see cref="Statement"/>) reads the whole table, the bounds are
    /// read once instead (<see cref="BoundOnce"/>), with the same sequential scan.
    /// </summary>
    /// <remarks>
    /// A sequential scan evaluates <c>current_setting(...)::timestamp</c> again for every row it
    /// reads, whereas an index scan does so once (docs/performance.md). A bound read once by a
    /// scalar subquery hides its value from the planner, which then guesses a narrow range and may
    /// pick the index for a window that covers most of a table, so the planner is first asked with
    /// the values in sight. Call it after <see cref="BindRange"/>.
    /// </remarks>
    public static async Task<string> PlannedStatementAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableSchema table, IReadOnlyList<string> key, ChangeRange? range, CancellationToken cancellationToken)
    {
        if (range?.Column is null)
        {
            return Statement(table, key, range);
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + Select(table, key, range, once: false), connection, transaction);
        var plan = (string?)await explain.ExecuteScalarAsync(cancellationToken) ?? "[]";
        using var json = JsonDocument.Parse(plan);
        return ScansSequentially(json.RootElement) ? BoundOnce(table, key, range) : Statement(table, key, range);
    }

    /// <summary>The statement with the range's bounds compared as written: an index scan reads them once.</summary>
    public static string Statement(TableSchema table, IReadOnlyList<string> key, ChangeRange? range) =>
        $"COPY ({Select(table, key, range, once: false)}) TO STDOUT (FORMAT csv)";

    /// <summary>
    /// The statement with the range's bounds read once, by scalar subqueries (InitPlans), in a
    /// condition no index can serve (<c>IS TRUE</c>), so that the planner, which no longer sees the
    /// values, keeps the sequential scan it chose when it saw them.
    /// </summary>
    public static string BoundOnce(TableSchema table, IReadOnlyList<string> key, ChangeRange range) =>
        $"COPY ({Select(table, key, range, once: true)}) TO STDOUT (FORMAT csv)";

    private static string Select(TableSchema table, IReadOnlyList<string> key, ChangeRange? range, bool once)
    {
        var keyText = KeyText(table, key);
        var select = string.Join(", ", table.Columns.Select(c => Expression(table, c, keyText)));
        var sql = $"SELECT {select} FROM {PostgresIdentifier.Quote(table.Name)}";
        if (range?.Column is { } column)
        {
            var quoted = PostgresIdentifier.Quote(column.Name);
            var type = column.Type switch
            {
                PortableType.DateTime => "timestamp",
                PortableType.DateTimeOffset => "timestamptz",
                _ => "bigint",
            };
            string Bound(string setting) => once ? $"(SELECT current_setting('{setting}')::{type})" : $"current_setting('{setting}')::{type}";
            var lower = range.From is null
                ? string.Empty
                : $"{quoted} {(range.FromInclusive ? ">=" : ">")} {Bound(FromSetting)} AND ";
            var condition = $"{lower}{quoted} <= {Bound(ToSetting)}";
            sql += once ? $" WHERE ({condition}) IS TRUE" : $" WHERE {condition}";
        }

        return sql;
    }

    // Whether any node of an EXPLAIN (FORMAT JSON) plan is a sequential scan (parallel or not).
    private static bool ScansSequentially(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Any(ScansSequentially),
        JsonValueKind.Object => element.EnumerateObject().Any(p =>
            (p.Name == "Node Type" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == "Seq Scan")
            || ScansSequentially(p.Value)),
        _ => false,
    };

    private static bool CanFormat(ColumnSchema column) => column.Type switch
    {
        // A numeric of at most 28 digits always fits a .NET decimal, as the reader path needs; a
        // wider or unconstrained one may not, and only the reader path says which row.
        PortableType.Decimal => column.Precision is <= 28,

        // real's and double precision's shortest texts switch to an exponent at other magnitudes
        // than .NET's "R" (-7.078E+16 against -70780000000000000).
        PortableType.Float32 or PortableType.Float64 => false,
        _ => true,
    };

    private static string Expression(TableSchema table, ColumnSchema column, string keyText)
    {
        var c = PostgresIdentifier.Quote(column.Name);
        return column.Type switch
        {
            // A column carried as PostgreSQL's own text (an enum, an array, jsonb...) is its type's
            // output, as on the reader path.
            PortableType.String or PortableType.Int16 or PortableType.Int32 or PortableType.Int64 or PortableType.Guid => c,

            // bool's output is t/f; its cast to text is true/false.
            PortableType.Boolean => $"{c}::text",

            // numeric(p,s) prints exactly s decimals, as the padding rule wants. NaN, which has no
            // decimal, is refused by PostgresCsvFinisher: a comparison per value here cost more.
            // money (and a domain) is read as numeric: money's own text carries a currency sign.
            PortableType.Decimal => PostgresSql.ReadExpression(column),

            // The type's own output (DateStyle ISO); PostgresCsvFinisher refuses what a bundle cannot
            // carry (BC, a year after 9999, 24:00) and puts the T between a timestamp's date and time
            // (replace() here cost the server a third more per timestamp).
            PortableType.Date or PortableType.Time or PortableType.DateTime => c,

            // In UTC, as the reader path writes it (Npgsql reads timestamptz as a UTC instant). The
            // range guard stays here: without it an infinity would come out as "infinity+00:00",
            // which the finisher could not cut back in place.
            PortableType.DateTimeOffset => Bounded(
                table,
                column,
                keyText,
                "'0001-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'",
                $"({c} AT TIME ZONE 'UTC')::text || '+00:00'"),

            // encode() breaks base64 into 76-character lines; the bundle wants one line.
            PortableType.Binary => $"translate(encode({c}, 'base64'), E'\\n', '')",
            _ => throw new InvalidOperationException($"No COPY expression for {column.Type}."),
        };
    }

    // Values within years 1 to 9999 (tested first: nearly all of them) in their bundle form; the
    // infinities as PostgreSQL's own text, infinity and -infinity (docs/bundle-format.md, section 7);
    // anything else (BC, after 9999) refused. Used for timestamptz only (see Expression).
    private static string Bounded(TableSchema table, ColumnSchema column, string keyText, string between, string format)
    {
        var c = PostgresIdentifier.Quote(column.Name);
        return $"CASE WHEN {c} BETWEEN {between} THEN {format} WHEN {c} IS NULL THEN NULL "
            + $"WHEN {c} = 'infinity' THEN 'infinity' WHEN {c} = '-infinity' THEN '-infinity' "
            + $"ELSE {Refuse(table, column, keyText, $"{c}::text")} END";
    }

    // PostgreSQL has no "raise" in a plain query: casting a text that is not a number to integer
    // fails with that text in the message, which PostgresCsvStream turns back into an export error
    // naming the table, the row's key and the column. The cast runs only for the refused value.
    private static string Refuse(TableSchema table, ColumnSchema column, string keyText, string valueText) =>
        $"('{RefusalMarker}' || {Literal($"table {table.Name}, ")} || {keyText} || {Literal($", column {column.Name}: the value ")} || {valueText} || {Literal(" cannot be carried by a bundle")})::integer::text";

    private static string KeyText(TableSchema table, IReadOnlyList<string> key)
    {
        if (key.Count == 0)
        {
            return "'row'";
        }

        var parts = key.Select(k => $"{Literal(k + "=")} || COALESCE({PostgresIdentifier.Quote(k)}::text, 'NULL')");
        return $"'row (' || {string.Join(" || ', ' || ", parts)} || ')'";
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
