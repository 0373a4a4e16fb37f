using SyncFiles.Common.Text;

namespace SyncFiles.Common.Providers;

/// <summary>
/// One database SyncFiles speaks, as a whole: its source and target sides, and what <c>init</c>
/// asks of it when it drafts a configuration. The programs ask the provider these things and never
/// compare its name; each driver project has one, and the registry (SyncFiles.Providers,
/// <c>DatabaseProviders</c>) lists them.
/// </summary>
public interface IDatabaseProvider
{
    /// <summary>The name used in configuration (<c>"provider": "sqlite"</c>), in lower case.</summary>
    string Name { get; }

    /// <summary>Other names configuration may use for it (found without regard to case, like <see cref="Name"/>).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>The exporter's side: a shop database read in one consistent snapshot.</summary>
    ISourceProvider Source { get; }

    /// <summary>What <c>syncfiles-export init</c> lists a shop database's tables with.</summary>
    ISourceCatalog Catalog { get; }

    /// <summary>The importer's side: the head office database.</summary>
    ITargetProvider Target { get; }

    /// <summary>
    /// The connection string a head office database of this kind would start from, reaching the
    /// server <paramref name="host"/> (for a file database: a file beside the configuration), for a
    /// server.json drafted without <c>--connection</c>.
    /// </summary>
    string SampleTargetConnection(string host);

    /// <summary>
    /// <paramref name="connectionString"/>, whose relative file paths are taken from
    /// <paramref name="baseDirectory"/>, rewritten for a configuration file in
    /// <paramref name="configDirectory"/> (whose relative paths are taken from that folder):
    /// unchanged for a database reached over the network.
    /// </summary>
    string ForConfigurationFolder(string connectionString, string baseDirectory, string configDirectory);

    /// <summary>
    /// What a site.json drafted with this connection string should say about its credentials
    /// (it is stored in clear); <paramref name="hasPassword"/>: the string holds a password. Empty
    /// when there is nothing to say. A message may span lines.
    /// </summary>
    IReadOnlyList<LocalizedText> SourceCredentialAdvice(bool hasPassword);

    /// <summary>The same for a server.json's head office connection string.</summary>
    IReadOnlyList<LocalizedText> TargetCredentialAdvice(bool hasPassword);

    /// <summary>
    /// What a site.json should say when the shop's tables are in <paramref name="schema"/>, which
    /// is not the one the exporter reads unqualified names from (<see cref="SourceCatalog.IsDefaultSchema"/>).
    /// </summary>
    IReadOnlyList<LocalizedText> SchemaAdvice(string schema);

    /// <summary>
    /// What a site.json should say about <paramref name="column"/>, suggested as a table's
    /// <c>timestamp</c> change column, beyond what holds for every database; empty when nothing.
    /// </summary>
    IReadOnlyList<LocalizedText> TimestampColumnAdvice(string column);

    /// <summary><paramref name="name"/> (a plain name) quoted as this database's SQL writes it, for statements <c>init</c> suggests.</summary>
    string QuoteIdentifier(string name);
}
