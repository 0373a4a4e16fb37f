using System.Text.Json.Serialization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;

namespace SyncFiles.Importer.Config;

/// <summary>The head-office configuration file (docs/configuration.md).</summary>
public sealed record ServerConfig
{
    public required ConnectionConfig Target { get; init; }

    public string Inbox { get; set; } = "inbox";

    public string Processed { get; set; } = "processed";

    public string Quarantine { get; set; } = "quarantine";

    public string? LogFile { get; init; }

    /// <summary>Head office's name in the receipts it writes; by default the machine name.</summary>
    public string? Name { get; init; }

    /// <summary>Head office's private key (PEM, from <c>syncfiles-import keygen</c>); when set, every receipt is signed with it.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Every site must have a publicKey and every bundle a valid signature, checked before any parser reads it.</summary>
    public bool RequireSignatures { get; set; }

    /// <summary>
    /// Head office's encryption private keys (PEM, from <c>syncfiles-import keygen</c>): an
    /// encrypted bundle is opened with the one whose key id its header names. Several at once
    /// while keys are rotated (docs/security.md, "Encryption").
    /// </summary>
    public IReadOnlyList<string>? DecryptionKeys { get; init; }

    /// <summary>Every site's bundles must be encrypted: a plaintext bundle is quarantined unread.</summary>
    public bool RequireEncryption { get; init; }

    /// <summary>How long a file must have been left alone before a bundle that does not read as complete is quarantined (a duration, default 10s).</summary>
    public string? SettleTime { get; init; }

    /// <summary>
    /// In an incremental bundle, leave out the staging and merge of a site-scoped reference table
    /// whose CSV is byte for byte the one last applied for that site (docs/operations.md,
    /// "Unchanged reference tables"). On by default.
    /// </summary>
    public bool SkipUnchangedReferenceTables { get; set; } = true;

    /// <summary>
    /// What the importer may change in a central table's schema by itself: <c>none</c> (the
    /// default: a bundle column the table lacks quarantines the bundle, naming the ALTER TABLE to
    /// run) or <c>addColumns</c> (it adds the column, nullable, in the bundle's transaction and
    /// logs a warning). A table's own <see cref="ServerTableConfig.SchemaChanges"/> wins.
    /// </summary>
    public string? SchemaChanges { get; init; }

    /// <summary>Optional tighter or looser caps on what one bundle may make the importer read (docs/security.md).</summary>
    public ServerLimitsConfig? Limits { get; init; }

    /// <summary>How old a site's last applied bundle may get before <c>syncfiles-import status</c> calls it late or critical.</summary>
    public ServerStatusConfig? Status { get; init; }

    /// <summary>The sites whose bundles are accepted; any other site's bundle is quarantined.</summary>
    public required IReadOnlyList<ServerSiteConfig> Sites { get; init; }

    /// <summary>The only tables the importer writes to.</summary>
    public required IReadOnlyList<ServerTableConfig> Tables { get; init; }
}

public sealed record ServerLimitsConfig
{
    public long? MaxTotalBytes { get; init; }

    public int? MaxCompressionRatio { get; init; }

    public int? MaxTables { get; init; }

    public int? MaxFieldBytes { get; init; }

    public int? MaxRecordBytes { get; init; }

    /// <summary>Uncompressed bytes one site's bundles may declare in one run before the rest wait for the next run; 0 for no budget.</summary>
    public long? MaxBytesPerSitePerRun { get; init; }

    /// <summary>A duration (15m): how long one site's bundles may take in one run before the rest wait for the next run; "0s" for no budget.</summary>
    public string? MaxTimePerSitePerRun { get; init; }
}

public sealed record ServerStatusConfig
{
    /// <summary>A duration (26h): older than this, a site is late (amber).</summary>
    public string? LateAfter { get; init; }

    /// <summary>A duration (50h): older than this, a site's lag is critical (red).</summary>
    public string? CriticalAfter { get; init; }
}

public sealed record ServerSiteConfig
{
    public required string Id { get; init; }

    /// <summary>The site's public key (PEM, from syncfiles-export keygen); with it, the site's bundles must carry a valid signature.</summary>
    public string? PublicKey { get; init; }

    /// <summary>
    /// Key ids (16 hex digits, as <c>keygen</c> prints them and every <c>.sig</c> carries them) the
    /// site may no longer sign with: a bundle signed with one is refused, and the site's unsigned
    /// bundles are refused too, even without a publicKey (revoking means refusing).
    /// </summary>
    public IReadOnlyList<string>? RevokedKeys { get; init; }

    /// <summary>
    /// The folder head office writes this site's receipt into (the share or the stick the courier
    /// takes back); by default <c>receipts/&lt;SITE&gt;</c> beside server.json.
    /// </summary>
    public string? ReceiptsTo { get; init; }

    /// <summary>This site's bundles must be encrypted (a plaintext one is quarantined unread); the server's <c>"requireEncryption"</c> applies to every site.</summary>
    public bool RequireEncryption { get; init; }
}

public sealed record ServerTableConfig
{
    /// <summary>The table as the bundle names it (the ledger, the table state and the row counts keep this name).</summary>
    public required string Name { get; init; }

    /// <summary>The central table the bundle table is merged into, when head office names it otherwise; null: <see cref="Name"/>.</summary>
    public string? Into { get; init; }

    /// <summary>Bundle column -> central column, for the columns head office names otherwise; the others keep the bundle's name.</summary>
    public IReadOnlyDictionary<string, string>? Columns { get; init; }

    /// <summary>A central column set to the bundle's site on every row (central name); it joins the merge key so sites share the table.</summary>
    public string? SiteColumn { get; init; }

    /// <summary><c>none</c> or <c>addColumns</c> for this table; null: the server's <see cref="ServerConfig.SchemaChanges"/>.</summary>
    public string? SchemaChanges { get; init; }

    /// <summary>Overrides the key the bundle declares, in bundle column names (the site column is added to it either way).</summary>
    public IReadOnlyList<string>? Key { get; init; }

    /// <summary>The central table this bundle table is merged into: the one place that decides it.</summary>
    public string CentralTable => Into ?? Name;

    /// <summary>The central column a bundle column is written to: its mapping in <see cref="Columns"/> (found without case), else its own name.</summary>
    public string CentralColumn(string bundleColumn) =>
        Columns?.FirstOrDefault(c => string.Equals(c.Key, bundleColumn, StringComparison.OrdinalIgnoreCase)).Value ?? bundleColumn;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    Converters = [typeof(LowerCaseEnumConverter<BundleMode>)])]
[JsonSerializable(typeof(ServerConfig))]
internal sealed partial class ServerConfigJsonContext : JsonSerializerContext;
