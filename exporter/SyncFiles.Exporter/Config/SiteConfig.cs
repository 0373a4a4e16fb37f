using System.Text.Json.Serialization;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;

namespace SyncFiles.Exporter.Config;

/// <summary>A site's configuration file as written by the operator (docs/configuration.md).</summary>
// Optional settings with defaults use "set": System.Text.Json source generation replaces the
// initializer of an init-only property with an empty value when the key is absent.
public sealed record SiteConfig
{
    public required string SiteId { get; init; }

    public required ConnectionConfig Source { get; init; }

    public string Outbox { get; set; } = "outbox";

    public string StateFile { get; set; } = ".sync_state.json";

    public BundleCompression Compression { get; set; } = BundleCompression.Deflate;

    public int? CompressionLevel { get; init; }

    /// <summary>How far back each incremental run reaches before the last upper bound.</summary>
    public string Overlap { get; set; } = "5m";

    /// <summary>When set, the first run exports only this much history of transaction tables (e.g. 7d).</summary>
    public string? InitialWindow { get; init; }

    public string? LogFile { get; init; }

    /// <summary>The site's private key (PEM, from keygen); when set, every bundle gets a detached signature.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Head office's public encryption key (PEM); when set, every bundle is encrypted for it (<c>.zip.enc</c>).</summary>
    public string? EncryptTo { get; init; }

    /// <summary>Where published bundles are also kept for <c>syncfiles-export resend</c>, and for how long.</summary>
    public ArchiveConfig Archive { get; set; } = new();

    /// <summary>
    /// The folder head office's receipts arrive in (<c>&lt;SITE&gt;.receipt.json</c>, docs/operations.md);
    /// <c>receipts</c> beside site.json when omitted.
    /// </summary>
    public string? Receipts { get; init; }

    /// <summary>Head office's public key (PEM); when set, only receipts signed by it are accepted.</summary>
    public string? HeadOfficeKey { get; init; }

    /// <summary>A published bundle head office has not acknowledged for longer than this is a warning.</summary>
    public string AckWarnAfter { get; set; } = "3d";

    public required IReadOnlyList<SiteTableConfig> Tables { get; init; }
}

/// <summary>
/// The outbox's archive: a copy of every published bundle (and its signature), so the courier may
/// move or delete files from the outbox and a lost bundle can still be sent again.
/// </summary>
public sealed record ArchiveConfig
{
    /// <summary>The archive folder; <c>&lt;outbox&gt;/archive</c> when omitted.</summary>
    public string? Folder { get; init; }

    /// <summary>
    /// Bundles archived longer ago than this many days are deleted; null: no age limit. Once the
    /// site has accepted a receipt, only bundles head office acknowledged are ever deleted.
    /// </summary>
    public int? KeepDays { get; set; } = 30;

    /// <summary>At most this many bundles are kept, the newest ones (acknowledged ones only, once receipts arrive); null: no count limit.</summary>
    public int? KeepBundles { get; set; } = 100;
}

public sealed record SiteTableConfig
{
    public required string Name { get; init; }

    public required TableKind Kind { get; init; }

    /// <summary>Key columns; taken from the table's primary key when omitted.</summary>
    public IReadOnlyList<string>? Key { get; init; }

    /// <summary>Transaction tables: the column whose value moves when a row is inserted or changed.</summary>
    public string? ChangeColumn { get; init; }

    /// <summary>timestamp, sequence, rowversion or changetracking; inferred from the change column's type when omitted.</summary>
    public ChangeStrategy? Strategy { get; init; }

    /// <summary>Reference tables only: <c>mirror</c> makes head office delete this site's rows the full snapshot no longer has.</summary>
    public DeleteMode? Deletes { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    Converters = [
        typeof(LowerCaseEnumConverter<BundleCompression>),
        typeof(LowerCaseEnumConverter<TableKind>),
        typeof(LowerCaseEnumConverter<ChangeStrategy>),
        typeof(LowerCaseEnumConverter<DeleteMode>)])]
[JsonSerializable(typeof(SiteConfig))]
[JsonSerializable(typeof(ArchiveConfig))]
internal sealed partial class SiteConfigJsonContext : JsonSerializerContext;
