using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;

namespace SyncFiles.SqlServer;

/// <summary>SQL Server, both sides: a server where Windows authentication spares a password in the file.</summary>
public sealed class SqlServerDatabaseProvider : IDatabaseProvider
{
    public string Name => "sqlserver";

    public IReadOnlyList<string> Aliases => [];

    public ISourceProvider Source { get; } = new SqlServerSourceProvider();

    public ISourceCatalog Catalog { get; } = new SqlServerSourceCatalog();

    public ITargetProvider Target { get; } = new SqlServerTargetProvider();

    public string SampleTargetConnection(string host) => $"Server={host};Database=central;Integrated Security=true;TrustServerCertificate=true";

    // Reached over the network: no path in it.
    public string ForConfigurationFolder(string connectionString, string baseDirectory, string configDirectory) => connectionString;

    public IReadOnlyList<LocalizedText> SourceCredentialAdvice(bool hasPassword) =>
        [CommonText.Get(hasPassword ? nameof(CommonMessages.InitSqlServerSourcePassword) : nameof(CommonMessages.InitReadOnlyLogin))];

    public IReadOnlyList<LocalizedText> TargetCredentialAdvice(bool hasPassword) =>
        hasPassword ? [CommonText.Get(nameof(CommonMessages.InitSqlServerTargetPassword))] : [];

    /// <summary>SQL Server has no search path: the login's default schema decides (the advice says how to set it).</summary>
    public IReadOnlyList<LocalizedText> SchemaAdvice(string schema) => [CommonText.Get(nameof(CommonMessages.InitSqlServerSchema), schema)];

    public IReadOnlyList<LocalizedText> TimestampColumnAdvice(string column) => [];

    public string QuoteIdentifier(string name) => SqlServerIdentifier.Quote(name);
}
