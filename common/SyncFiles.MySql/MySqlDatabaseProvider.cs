using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.MySql.Text;

namespace SyncFiles.MySql;

/// <summary>MariaDB and MySQL, both sides: a server with logins, where a shop's tables are one database.</summary>
public sealed class MySqlDatabaseProvider : IDatabaseProvider
{
    public string Name => "mysql";

    public IReadOnlyList<string> Aliases => ["mariadb"];

    public ISourceProvider Source { get; } = new MySqlSourceProvider();

    public ISourceCatalog Catalog { get; } = new MySqlSourceCatalog();

    public ITargetProvider Target { get; } = new MySqlTargetProvider();

    public string SampleTargetConnection(string host) => $"Server={host};Database=central;User ID=syncfiles_writer";

    // Reached over the network: no path in it.
    public string ForConfigurationFolder(string connectionString, string baseDirectory, string configDirectory) => connectionString;

    public IReadOnlyList<LocalizedText> SourceCredentialAdvice(bool hasPassword) =>
        [MySqlText.Get(hasPassword ? nameof(MySqlMessages.InitSourcePassword) : nameof(MySqlMessages.InitSourceLogin))];

    public IReadOnlyList<LocalizedText> TargetCredentialAdvice(bool hasPassword) =>
        hasPassword ? [MySqlText.Get(nameof(MySqlMessages.InitTargetPassword))] : [];

    /// <summary>The catalog's <see cref="ISourceCatalog.ForConfiguration"/> named the database in the connection string.</summary>
    public IReadOnlyList<LocalizedText> SchemaAdvice(string schema) => [MySqlText.Get(nameof(MySqlMessages.InitDatabase), schema)];

    public IReadOnlyList<LocalizedText> TimestampColumnAdvice(string column) => [MySqlText.Get(nameof(MySqlMessages.InitTimestampColumn), column)];

    public string QuoteIdentifier(string name) => MySqlIdentifier.Quote(name);
}
