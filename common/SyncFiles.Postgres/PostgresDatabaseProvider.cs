using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;

namespace SyncFiles.Postgres;

/// <summary>PostgreSQL, both sides: a server with logins, password files and search paths.</summary>
public sealed class PostgresDatabaseProvider : IDatabaseProvider
{
    public string Name => "postgres";

    public IReadOnlyList<string> Aliases => [];

    public ISourceProvider Source { get; } = new PostgresSourceProvider();

    public ISourceCatalog Catalog { get; } = new PostgresSourceCatalog();

    public ITargetProvider Target { get; } = new PostgresTargetProvider();

    public string SampleTargetConnection(string host) => $"Host={host};Database=central;Username=syncfiles_writer";

    // Reached over the network: no path in it.
    public string ForConfigurationFolder(string connectionString, string baseDirectory, string configDirectory) => connectionString;

    public IReadOnlyList<LocalizedText> SourceCredentialAdvice(bool hasPassword) =>
        [CommonText.Get(hasPassword ? nameof(CommonMessages.InitPostgresSourcePassword) : nameof(CommonMessages.InitReadOnlyLogin))];

    public IReadOnlyList<LocalizedText> TargetCredentialAdvice(bool hasPassword) =>
        hasPassword ? [CommonText.Get(nameof(CommonMessages.InitPostgresTargetPassword))] : [];

    /// <summary>The catalog's <see cref="ISourceCatalog.ForConfiguration"/> added the schema as the search path.</summary>
    public IReadOnlyList<LocalizedText> SchemaAdvice(string schema) => [CommonText.Get(nameof(CommonMessages.InitPostgresSchema), schema)];

    public IReadOnlyList<LocalizedText> TimestampColumnAdvice(string column) => [];

    public string QuoteIdentifier(string name) => PostgresIdentifier.Quote(name);
}
