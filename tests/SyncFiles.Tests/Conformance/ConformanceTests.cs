using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Conformance;

/// <summary>
/// The conformance corpus, round-tripped for one pair of engines: the source is created from its
/// engine's own DDL with that engine's client, the head office from the target engine's own DDL,
/// the real exporter and importer run between them (as an operator runs them, through
/// site.json/server.json), and the two databases are then read back with psql / sqlite3 and
/// compared as text, column by column, per <see cref="ConformanceExpectations"/>.
/// </summary>
public abstract partial class ConformanceTests
{
    private const string SiteId = "AG01";

    protected abstract EnginePair Pair { get; }

    /// <summary>Every table of the schema that its pair does not refuse arrives as identical text, after the first bundle and after the changes.</summary>
    protected async Task AssertArrivesIdenticalAsync(string schemaName)
    {
        var schema = Corpus.Get(schemaName);
        var tables = schema.Tables.Where(t => !ConformanceExpectations.IsRefused(Pair, schemaName, t.Name)).ToList();
        using var sync = NewSync(schema, tables);

        await SyncOkAsync(sync, "first bundle");
        AssertSameText(sync, schema, tables, "after the first bundle");

        if (schema.Changes is not null)
        {
            DatabaseClients.Execute(sync.Source, schema.Changes);
            await SyncOkAsync(sync, "second bundle");
            AssertSameText(sync, schema, tables, "after the changes");
        }
    }

    /// <summary>A table with a value the target cannot hold: the bundle is quarantined (exit 3) naming table, line and column, and nothing of it arrives.</summary>
    protected async Task AssertRefusedAsync(string schemaName, string tableName)
    {
        var schema = Corpus.Get(schemaName);
        var refusal = ConformanceExpectations.RefusalsOf(Pair, schemaName).Single(r => r.Table == tableName);
        var table = schema.Table(tableName);
        using var sync = NewSync(schema, [table]);

        var export = await sync.ExportAsync();
        Assert.True(export.ExitCode == 0, $"the site can carry every value of {tableName}; the head office refuses ({refusal.Reason}); export exit {export.ExitCode}: {FirstError(export)}\n{export}");
        var bundle = Path.GetFileName(export.Output.Trim());
        sync.Deliver(export.Output.Trim());
        var import = await sync.ImportAsync();

        Assert.True(import.ExitCode == 3, $"{Pair} {tableName}.{refusal.Column}: expected the bundle quarantined with exit 3 ({refusal.Reason}), got exit {import.ExitCode}: {FirstError(import)}\n{import}");
        var errors = Directory.Exists(sync.Quarantine) ? Directory.GetFiles(sync.Quarantine, "*.error.txt") : [];
        Assert.True(errors.Length == 1, $"expected one quarantined bundle with its .error.txt in {sync.Quarantine}.\n{import}");
        var reason = File.ReadAllText(errors[0]);
        var where = refusal.BeforeAnyRow
            ? $@"table ""?{Regex.Escape(tableName)}""?, column ""?{Regex.Escape(refusal.Column)}""?"
            : $@"table ""?{Regex.Escape(tableName)}""?, line \d+, column ""?{Regex.Escape(refusal.Column)}""?";
        Assert.True(
            Regex.IsMatch(reason, where, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant),
            $"the reason must name the table{(refusal.BeforeAnyRow ? string.Empty : ", the line")} and the column ({refusal.Reason}); it says:\n{reason}");
        Assert.True(reason.Contains(bundle, StringComparison.Ordinal), $"the reason must name the bundle {bundle}; it says:\n{reason}");
        Assert.Contains(bundle, SyncFixture.Files(sync.Quarantine));
        Assert.Empty(DatabaseClients.Query(sync.Target, TargetSelect(schema, table)));
    }

    private static TestDatabase NewDatabase(Engine engine) => engine switch
    {
        Engine.Sqlite => new SqliteTestDatabase(),
        Engine.Postgres => new PostgresTestDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    private SyncFixture NewSync(CorpusSchema schema, IReadOnlyList<CorpusTable> tables)
    {
        Assert.Equal(Pair.Source, schema.SourceEngine);
        var source = NewDatabase(Pair.Source);
        TestDatabase? target = null;
        try
        {
            target = NewDatabase(Pair.Target);
            var serverTables = tables.Select(t => (object)new { name = schema.TargetName(Pair.Target, t.Name), siteColumn = CorpusSchema.SiteColumn }).ToList();
            var sync = new SyncFixture(source, target, tables.Select(t => t.SiteTable).ToList(), serverTables, SiteId);
            try
            {
                DatabaseClients.Execute(source, schema.Source);
                DatabaseClients.Execute(target, schema.HeadOffice[Pair.Target]);
                return sync;
            }
            catch
            {
                sync.Dispose();
                throw;
            }
        }
        catch when (target is null)
        {
            source.Dispose();
            throw;
        }
    }

    private static async Task SyncOkAsync(SyncFixture sync, string what)
    {
        var export = await sync.ExportAsync();
        Assert.True(export.ExitCode == 0, $"{what}: export failed, exit {export.ExitCode}: {FirstError(export)}\n{export}");
        sync.Deliver(export.Output.Trim());
        var import = await sync.ImportAsync();
        if (import.ExitCode != 0)
        {
            var quarantined = Directory.Exists(sync.Quarantine)
                ? string.Concat(Directory.GetFiles(sync.Quarantine, "*.error.txt").Select(File.ReadAllText))
                : string.Empty;
            Assert.Fail($"{what}: import failed, exit {import.ExitCode}: {FirstError(import)}\n{import}\n--- quarantine\n{quarantined}");
        }
    }

    // The first error the program logged, for the first line of a failure.
    private static string FirstError(CliResult result) =>
        result.Error.Split('\n').FirstOrDefault(line => line.Contains(" ERR ", StringComparison.Ordinal) || line.Contains(" FTL ", StringComparison.Ordinal))?.Trim()
        ?? result.Output.Split('\n')[0].Trim();

    private void AssertSameText(SyncFixture sync, CorpusSchema schema, IReadOnlyList<CorpusTable> tables, string when)
    {
        var differences = new StringBuilder();
        foreach (var table in tables)
        {
            var expected = DatabaseClients.Query(sync.Source, SourceSelect(table));
            var actual = DatabaseClients.Query(sync.Target, TargetSelect(schema, table));
            CompareTable(table, expected, actual, differences);
        }

        Assert.True(differences.Length == 0, $"{Pair} {schema.Name}, {when}: source and head office differ (as the clients print them):\n{differences}");
    }

    private void CompareTable(CorpusTable table, List<string[]> expected, List<string[]> actual, StringBuilder differences)
    {
        if (expected.Count != actual.Count)
        {
            differences.AppendLine(CultureInfo.InvariantCulture, $"table {table.Name}: {expected.Count} rows at the site, {actual.Count} at head office");
            return;
        }

        for (var row = 0; row < expected.Count; row++)
        {
            if (expected[row].Length != table.Columns.Count || actual[row].Length != table.Columns.Count)
            {
                differences.AppendLine(CultureInfo.InvariantCulture, $"table {table.Name}, row {row + 1}: fields do not split ('{string.Join('|', expected[row])}' / '{string.Join('|', actual[row])}')");
                continue;
            }

            for (var column = 0; column < table.Columns.Count; column++)
            {
                var spelling = Pair.CrossEngine ? table.Columns[column].Spelling : Spelling.Exact;
                var source = Spellings.Normalize(spelling, expected[row][column]);
                var target = Spellings.Normalize(spelling, actual[row][column]);
                if (source != target)
                {
                    differences.AppendLine(CultureInfo.InvariantCulture, $"table {table.Name}, row {row + 1} (key {expected[row][0]}), column {table.Columns[column].Name}: site '{Visible(expected[row][column])}', head office '{Visible(actual[row][column])}'");
                }
            }
        }
    }

    private static string SourceSelect(CorpusTable table) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => Corpus.Quote(c.Name)))} FROM {Corpus.Quote(table.Name)} " +
        $"ORDER BY {string.Join(", ", table.Key.Split(", ").Select(Corpus.Quote))}";

    private string TargetSelect(CorpusSchema schema, CorpusTable table)
    {
        string Name(string name) => Corpus.Quote(schema.TargetName(Pair.Target, name));
        return $"SELECT {string.Join(", ", table.Columns.Select(c => Name(c.Name)))} FROM {Name(table.Name)} " +
            $"WHERE {Corpus.Quote(CorpusSchema.SiteColumn)} = '{SiteId}' ORDER BY {string.Join(", ", table.Key.Split(", ").Select(Name))}";
    }

    // Control characters shown, so that a CR or a tab that went missing is seen in the message.
    private static string Visible(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}

/// <summary>A SQLite site and a SQLite head office.</summary>
public sealed class SqliteToSqliteConformance : ConformanceTests
{
    protected override EnginePair Pair => EnginePair.SqliteToSqlite;

    [Fact]
    public Task Music_store_arrives_as_identical_text() => AssertArrivesIdenticalAsync("music-store");

    public static TheoryData<string, string> Refused => ConformanceTheoryData.RefusalsOf(EnginePair.SqliteToSqlite);

    [Fact]
    public Task Edge_shop_arrives_as_identical_text_except_its_refusals() => AssertArrivesIdenticalAsync("edge-shop-sqlite");

    [Theory]
    [MemberData(nameof(Refused))]
    public Task A_value_no_bundle_can_carry_is_refused_naming_table_line_and_column(string schema, string table) => AssertRefusedAsync(schema, table);
}

/// <summary>A SQLite site and a PostgreSQL head office written with PostgreSQL's own (lower-case) names.</summary>
public sealed class SqliteToPostgresConformance : ConformanceTests
{
    public static TheoryData<string, string> Refused => ConformanceTheoryData.RefusalsOf(EnginePair.SqliteToPostgres);

    protected override EnginePair Pair => EnginePair.SqliteToPostgres;

    [Fact]
    public Task Music_store_arrives_as_identical_text_in_lower_case_tables() => AssertArrivesIdenticalAsync("music-store");

    [Fact]
    public Task Edge_shop_arrives_as_identical_text_except_its_refusals() => AssertArrivesIdenticalAsync("edge-shop-sqlite");

    [Theory]
    [MemberData(nameof(Refused))]
    public Task A_value_postgres_cannot_hold_is_refused_naming_table_line_and_column(string schema, string table) => AssertRefusedAsync(schema, table);
}

/// <summary>A PostgreSQL site and a PostgreSQL head office: lossless for every value the column types hold.</summary>
public sealed class PostgresToPostgresConformance : ConformanceTests
{
    protected override EnginePair Pair => EnginePair.PostgresToPostgres;

    [Fact]
    public Task Dvd_rental_arrives_as_identical_text() => AssertArrivesIdenticalAsync("dvd-rental");

    [Fact]
    public Task Edge_shop_arrives_as_identical_text() => AssertArrivesIdenticalAsync("edge-shop-postgres");
}

/// <summary>A PostgreSQL site and a SQLite head office, which keeps enums, arrays, json and tsvector as TEXT.</summary>
public sealed class PostgresToSqliteConformance : ConformanceTests
{
    public static TheoryData<string, string> Refused => ConformanceTheoryData.RefusalsOf(EnginePair.PostgresToSqlite);

    protected override EnginePair Pair => EnginePair.PostgresToSqlite;

    [Fact]
    public Task Dvd_rental_arrives_as_identical_text() => AssertArrivesIdenticalAsync("dvd-rental");

    [Fact]
    public Task Edge_shop_arrives_as_identical_text_except_its_refusals() => AssertArrivesIdenticalAsync("edge-shop-postgres");

    [Theory]
    [MemberData(nameof(Refused))]
    public Task A_value_sqlite_cannot_hold_is_refused_naming_table_line_and_column(string schema, string table) => AssertRefusedAsync(schema, table);
}

/// <summary>The expectation table itself: every refusal names a real table and column of its schema, on a pair that runs it.</summary>
public sealed class ConformanceExpectationTests
{
    [Fact]
    public void Every_refusal_names_a_column_of_a_schema_its_pair_runs()
    {
        foreach (var refusal in ConformanceExpectations.Refusals)
        {
            Assert.Contains(refusal.Schema, ConformanceExpectations.SchemasOf(refusal.Pair));
            var table = Corpus.Get(refusal.Schema).Table(refusal.Table);
            Assert.Contains(table.Columns, c => c.Name == refusal.Column);
        }
    }

    [Theory]
    [InlineData(Spelling.Float, "Inf", "Infinity")]
    [InlineData(Spelling.Float, "1.0e-300", "1e-300")]
    [InlineData(Spelling.Float32, "3.4028235e+38", "3.40282346638529e+38")]
    [InlineData(Spelling.Decimal, "10", "10.00")]
    [InlineData(Spelling.Boolean, "1", "t")]
    [InlineData(Spelling.DateTime, "2026-03-01T09:15:00.123000", "2026-03-01 09:15:00.123")]
    [InlineData(Spelling.DateTimeOffset, "2026-06-30 12:00:00+02:00", "2026-06-30 10:00:00+00")]
    public void The_clients_spellings_of_one_value_meet(Spelling spelling, string one, string other) =>
        Assert.Equal(Spellings.Normalize(spelling, one), Spellings.Normalize(spelling, other));

    [Theory]
    [InlineData(Spelling.Decimal, "10.5", "10.05")]
    [InlineData(Spelling.Float, "3.14159265358979", "3.141592653589793")]
    [InlineData(Spelling.DateTimeOffset, "2026-06-30 12:00:00+02:00", "2026-06-30 12:00:00+00")]
    [InlineData(Spelling.DateTime, "0001-01-01 00:00:00", "-infinity")]
    [InlineData(Spelling.Exact, "a", "a ")]
    public void Different_values_stay_different(Spelling spelling, string one, string other) =>
        Assert.NotEqual(Spellings.Normalize(spelling, one), Spellings.Normalize(spelling, other));
}

/// <summary>Theory rows from the expectation table.</summary>
internal static class ConformanceTheoryData
{
    public static TheoryData<string, string> RefusalsOf(EnginePair pair)
    {
        var data = new TheoryData<string, string>();
        foreach (var refusal in ConformanceExpectations.Refusals.Where(r => r.Pair == pair))
        {
            data.Add(refusal.Schema, refusal.Table);
        }

        return data;
    }
}
