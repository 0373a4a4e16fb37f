using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;

namespace SyncFiles.Sqlite;

/// <summary>SQLite, both sides: a database file, no login, no schema but main.</summary>
public sealed class SqliteDatabaseProvider : IDatabaseProvider
{
    public string Name => "sqlite";

    public IReadOnlyList<string> Aliases => [];

    public ISourceProvider Source { get; } = new SqliteSourceProvider();

    public ISourceCatalog Catalog { get; } = new SqliteSourceCatalog();

    public ITargetProvider Target { get; } = new SqliteTargetProvider();

    /// <summary>A file, not a server: <paramref name="host"/> has no place in it.</summary>
    public string SampleTargetConnection(string host) => "Data Source=central.db";

    /// <summary>The data source as a path relative to the configuration's folder (absolute when it lies on another drive).</summary>
    public string ForConfigurationFolder(string connectionString, string baseDirectory, string configDirectory) =>
        SqliteConnectionPaths.RelativeTo(connectionString, baseDirectory, configDirectory);

    // A file database has no login: who may read or write it is the file's permissions.
    public IReadOnlyList<LocalizedText> SourceCredentialAdvice(bool hasPassword) => [];

    public IReadOnlyList<LocalizedText> TargetCredentialAdvice(bool hasPassword) => [];

    // SQLite has one schema the exporter reads (main); the catalog refuses any other.
    public IReadOnlyList<LocalizedText> SchemaAdvice(string schema) => [];

    /// <summary>SQLite has no date-time type: the column's text must follow one layout.</summary>
    public IReadOnlyList<LocalizedText> TimestampColumnAdvice(string column) =>
        [CommonText.Get(nameof(CommonMessages.InitSqliteIso), column)];

    public string QuoteIdentifier(string name) => SqliteIdentifier.Quote(name);
}
