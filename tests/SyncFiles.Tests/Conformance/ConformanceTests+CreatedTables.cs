using System.Text;
using SyncFiles.Importer.Cli;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Conformance;

/// <summary>
/// The corpus again, with a head office made by <c>syncfiles-import init --create-tables</c> from
/// the first bundle instead of a hand-written DDL (issue 12, item 1): every portable type and
/// source type the corpus uses gets a column the importer accepts, and every value arrives as
/// identical text. Only the values no column of the engine can hold (NaN in SQLite, U+0000 in a
/// bundle) are still refused; a type refused in a hand-written table (38 digits into SQLite's
/// NUMERIC) gets a column that keeps it (TEXT).
/// </summary>
public abstract partial class ConformanceTests
{
    protected async Task AssertArrivesIdenticalInCreatedTablesAsync(string schemaName)
    {
        var schema = Corpus.Get(schemaName);
        var tables = schema.Tables
            .Where(t => !ConformanceExpectations.RefusalsOf(Pair, schemaName).Any(r => r.Table == t.Name && !r.BeforeAnyRow))
            .ToList();
        var source = NewDatabase(Pair.Source);
        using var sync = new SyncFixture(source, NewDatabase(Pair.Target), tables.Select(t => t.SiteTable).ToList(), [], SiteId);
        DatabaseClients.Execute(sync.Source, schema.Source);

        var export = await sync.ExportAsync();
        Assert.True(export.ExitCode == 0, $"export failed: {FirstError(export)}\n{export}");
        var bundle = export.Output.Trim();
        var init = await CliResult.RunAsync((o, e) => ImporterCli.RunAsync(
            ["init", "--from-bundle", bundle, "--provider", sync.Target.Provider, "--connection", sync.Target.ConnectionString, "--out", sync.ServerConfigPath, "--force", "--site-column", CorpusSchema.SiteColumn, "--create-tables"],
            o,
            e));
        Assert.True(init.ExitCode == 0, $"init --create-tables failed:\n{init}");

        sync.Deliver(bundle);
        await ImportOkAsync(sync, "first bundle");
        AssertSameTextInCreatedTables(sync, schema, tables, "after the first bundle");

        if (schema.Changes is not null)
        {
            DatabaseClients.Execute(sync.Source, schema.Changes);
            await SyncOkAsync(sync, "second bundle");
            AssertSameTextInCreatedTables(sync, schema, tables, "after the changes");
        }
    }

    private static async Task ImportOkAsync(SyncFixture sync, string what)
    {
        var import = await sync.ImportAsync();
        if (import.ExitCode != 0)
        {
            var quarantined = Directory.Exists(sync.Quarantine)
                ? string.Concat(Directory.GetFiles(sync.Quarantine, "*.error.txt").Select(File.ReadAllText))
                : string.Empty;
            Assert.Fail($"{what}: import failed, exit {import.ExitCode}: {FirstError(import)}\n{import}\n--- quarantine\n{quarantined}");
        }
    }

    // The created tables keep the bundle's names as they are (quoted), on every engine.
    private void AssertSameTextInCreatedTables(SyncFixture sync, CorpusSchema schema, IReadOnlyList<CorpusTable> tables, string when)
    {
        var differences = new StringBuilder();
        foreach (var table in tables)
        {
            var expected = DatabaseClients.Query(sync.Source, SourceSelect(table));
            var select = $"SELECT {string.Join(", ", table.Columns.Select(c => Corpus.Quote(c.Name)))} FROM {Corpus.Quote(table.Name)} " +
                $"WHERE {Corpus.Quote(CorpusSchema.SiteColumn)} = '{SiteId}' ORDER BY {string.Join(", ", table.Key.Split(", ").Select(Corpus.Quote))}";
            CompareTable(table, expected, DatabaseClients.Query(sync.Target, select), differences);
        }

        Assert.True(differences.Length == 0, $"{Pair} {schema.Name} in tables made by init, {when}: source and head office differ (as the clients print them):\n{differences}");
    }
}

/// <summary>The corpus into head-office tables made by <c>init --create-tables</c>, for each pair that runs here.</summary>
public sealed class SqliteToSqliteCreatedTables : ConformanceTests
{
    protected override EnginePair Pair => EnginePair.SqliteToSqlite;

    [Theory]
    [InlineData("music-store")]
    [InlineData("edge-shop-sqlite")]
    public Task Every_value_arrives_as_identical_text_in_tables_made_by_init(string schema) => AssertArrivesIdenticalInCreatedTablesAsync(schema);
}

/// <inheritdoc cref="SqliteToSqliteCreatedTables"/>
public sealed class SqliteToPostgresCreatedTables : ConformanceTests
{
    protected override EnginePair Pair => EnginePair.SqliteToPostgres;

    [Theory]
    [InlineData("music-store")]
    [InlineData("edge-shop-sqlite")]
    public Task Every_value_arrives_as_identical_text_in_tables_made_by_init(string schema) => AssertArrivesIdenticalInCreatedTablesAsync(schema);
}

/// <inheritdoc cref="SqliteToSqliteCreatedTables"/>
public sealed class PostgresToPostgresCreatedTables : ConformanceTests
{
    protected override EnginePair Pair => EnginePair.PostgresToPostgres;

    [Theory]
    [InlineData("dvd-rental")]
    [InlineData("edge-shop-postgres")]
    public Task Every_value_arrives_as_identical_text_in_tables_made_by_init(string schema) => AssertArrivesIdenticalInCreatedTablesAsync(schema);
}

/// <inheritdoc cref="SqliteToSqliteCreatedTables"/>
public sealed class PostgresToSqliteCreatedTables : ConformanceTests
{
    protected override EnginePair Pair => EnginePair.PostgresToSqlite;

    [Theory]
    [InlineData("dvd-rental")]
    [InlineData("edge-shop-postgres")]
    public Task Every_value_arrives_as_identical_text_in_tables_made_by_init(string schema) => AssertArrivesIdenticalInCreatedTablesAsync(schema);
}
