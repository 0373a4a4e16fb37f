using System.Data.Common;
using Serilog;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Schema;

namespace SyncFiles.Common.Providers;

/// <summary>What the importer needs from the central database. One implementation per driver.</summary>
public interface ITargetProvider
{
    string Name { get; }

    /// <summary>The DDL this engine needs for a bundle's tables (<c>init --create-tables</c>, <c>"schemaChanges": "addColumns"</c>).</summary>
    ITargetSchemaWriter SchemaWriter { get; }

    Task<ITargetConnection> OpenAsync(string connectionString, string baseDirectory, ILogger log, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a database error means the target cannot take the bundle as it stands: its data (a
    /// constraint, a type or size the target refuses) or the central table (undefined table or
    /// column, a type mismatch, a feature or permission missing, a generated column), so retrying
    /// the same bundle would fail the same way and it is quarantined. Decided from the driver's
    /// error code, never from message text.
    /// </summary>
    bool IsRejectedData(Exception exception);

    /// <summary>
    /// Whether a failure is one the next run can cure by itself: a lost or refused connection, a
    /// timeout, a deadlock or serialization failure, a lock not available, a full disk, too many
    /// connections, a server shutting down. The bundle stays in the inbox and the failure never
    /// counts towards quarantining it. Decided from the driver's error codes (the exception or one
    /// it wraps), never from message text.
    /// </summary>
    bool IsTransient(Exception exception);

    /// <summary>
    /// Reads the ledger for <c>syncfiles-import status</c> without writing anything and without
    /// taking any site's lock: it never creates the ledger, and never waits behind an importer's
    /// open transaction. Rows per day are counted from <paramref name="rowsPerDaySince"/> (UTC) on.
    /// Returns null when the ledger does not exist yet (nothing was ever applied).
    /// </summary>
    Task<LedgerSummary?> ReadLedgerSummaryAsync(string connectionString, string baseDirectory, DateOnly rowsPerDaySince, CancellationToken cancellationToken);
}

/// <summary>An open connection to the central database.</summary>
public interface ITargetConnection : IAsyncDisposable
{
    /// <summary>Creates the ledger table, and the reference-table state beside it, when they do not exist yet.</summary>
    Task EnsureLedgerAsync(CancellationToken cancellationToken);

    /// <summary>Every site's last applied sequence, for status and planning (outside any transaction).</summary>
    Task<IReadOnlyDictionary<string, long>> ReadLastSequencesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the transaction that applies one bundle of <paramref name="siteId"/>, holding a lock
    /// that keeps any other importer from applying the same site at the same time.
    /// </summary>
    Task<ITargetTransaction> BeginBundleAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="BeginBundleAsync"/>, but without waiting for the site's lock: null when
    /// another importer holds it now (nothing is left open then). An import run uses it so that two
    /// importers on one inbox spread over the sites instead of queueing on the same one. SQLite
    /// has one writer per database file, not a lock per site: there it waits as
    /// <see cref="BeginBundleAsync"/> does and never answers null.
    /// </summary>
    Task<ITargetTransaction?> TryBeginBundleAsync(string siteId, CancellationToken cancellationToken);
}

/// <summary>One bundle's transaction: nothing is visible until <see cref="CommitAsync"/>; disposing without it rolls back.</summary>
public interface ITargetTransaction : IAsyncDisposable
{
    Task<LedgerEntry?> FindAppliedAsync(string siteId, long sequence, CancellationToken cancellationToken);

    /// <summary>The highest sequence applied for the site, 0 when none.</summary>
    Task<long> ReadLastSequenceAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>The target table's columns and keys from the catalog, or null when it does not exist.</summary>
    Task<TargetTable?> DescribeTableAsync(string table, CancellationToken cancellationToken);

    /// <summary>
    /// The names of the tables (and views) a plain table name can reach, as the catalog spells
    /// them: for <c>syncfiles-import init</c> to match the bundle's tables to them.
    /// </summary>
    Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads <paramref name="rows"/> into a staging table and upserts them into the target by key,
    /// writing only rows whose values changed. With <see cref="MergePlan.MirrorDeletes"/>, then
    /// deletes the site's target rows that the staged snapshot does not have.
    /// </summary>
    Task<MergeResult> MergeAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken);

    /// <summary>Deletes the target rows whose keys <paramref name="keys"/> lists (columns in <see cref="MergePlan.Key"/> order, site column excluded); returns how many were deleted.</summary>
    Task<long> DeleteAsync(MergePlan plan, DbDataReader keys, CancellationToken cancellationToken);

    /// <summary>
    /// Puts off the check of <paramref name="foreignKeys"/> of <paramref name="table"/> (each
    /// <see cref="TargetForeignKey.Deferrable"/>) to the commit, for this transaction only: the
    /// tables of a cycle of foreign keys can then be merged one after the other.
    /// </summary>
    Task DeferForeignKeysAsync(TargetTable table, IReadOnlyList<TargetForeignKey> foreignKeys, CancellationToken cancellationToken);

    Task RecordAsync(LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>The site's rows of <c>syncfiles_table_state</c>, by <see cref="TableState.KeyOf">table key</see>.</summary>
    Task<IReadOnlyDictionary<string, TableState>> ReadTableStatesAsync(string siteId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the state of (<see cref="TableState.SiteId"/>, <see cref="TableState.Table"/>).</summary>
    Task RecordTableStateAsync(TableState state, CancellationToken cancellationToken);

    /// <summary>Removes the state of a site's table, if any: what head office holds no longer matches one CSV.</summary>
    Task ForgetTableStateAsync(string siteId, string table, CancellationToken cancellationToken);

    /// <summary>
    /// The type to declare for <paramref name="column"/> when it is the source engine's own type
    /// (its <c>sourceType</c>) and this target is of the same engine and knows that type (an enum,
    /// a domain, an array type); null otherwise, and the column gets the type of its portable type.
    /// </summary>
    Task<string?> NativeTypeAsync(string sourceProvider, ManifestColumn column, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one statement of <see cref="ITargetSchemaWriter"/> (CREATE TABLE, CREATE INDEX, ALTER
    /// TABLE ... ADD) in this transaction: it is undone with everything else unless committed.
    /// </summary>
    Task ExecuteSchemaChangeAsync(string statement, CancellationToken cancellationToken);

    /// <summary>
    /// Commits. A foreign key whose check was put off (<see cref="DeferForeignKeysAsync"/>) and
    /// fails here is a <see cref="ForeignKeyViolationException"/>, as it is in the merge and deletes.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A column of a target table as its catalog declares it. <paramref name="Type"/> is the portable
/// type the declared type stores (null when it has none), with the limits a value must fit:
/// length, precision and scale, digits of a second's fraction, and the range of dates.
/// <paramref name="AcceptsSourceText"/>: the target reads a value carried as a source engine's own
/// text (a string column with a source type) into this column's type itself: PostgreSQL casts it
/// with the column's type; a SQLite column of TEXT affinity stores it as it is.
/// <paramref name="Name"/> is the target's own spelling. <paramref name="IsGenerated"/>: the
/// database computes the value itself (a generated or computed column, SQL Server's rowversion),
/// so it is never written. <paramref name="IsIdentityAlways"/>: an identity column that refuses
/// explicit values unless the statement overrides it (PostgreSQL's GENERATED ALWAYS AS IDENTITY).
/// </summary>
public sealed record TargetColumn(
    string Name,
    string DeclaredType,
    bool Nullable,
    bool HasDefault,
    PortableType? Type = null,
    int? MaxLength = null,
    int? Precision = null,
    int? Scale = null,
    int? FractionDigits = null,
    DateTime? MinDate = null,
    DateTime? MaxDate = null,
    bool AcceptsSourceText = false,
    bool IsGenerated = false,
    bool IsIdentityAlways = false)
{
    /// <summary>Whether a date or date-time column stores PostgreSQL's <c>infinity</c> and <c>-infinity</c> (<see cref="Schema.TemporalInfinity"/>).</summary>
    public bool TakesInfinity { get; init; }

    /// <summary>Whether a floating-point column stores NaN.</summary>
    public bool TakesNaN { get; init; }

    /// <summary>Whether a floating-point column stores positive and negative infinity.</summary>
    public bool TakesFloatInfinity { get; init; }

    /// <summary>
    /// The significant digits a decimal column keeps when fewer than a decimal can have (SQLite's
    /// NUMERIC, INTEGER and REAL affinities keep 15), and whether it keeps a whole number that fits
    /// 64 bits exactly whatever its digits (NUMERIC and INTEGER affinity store it as an integer).
    /// </summary>
    public int? SignificantDigits { get; init; }

    /// <inheritdoc cref="SignificantDigits"/>
    public bool KeepsInt64Exactly { get; init; }
}

/// <summary>
/// A target table: its columns and the column sets that are unique (primary key first). Names are
/// the target's own spelling, found without regard to case; <paramref name="CaseTwins"/> lists the
/// other tables whose names differ from <paramref name="Name"/> only by case (the importer refuses
/// to choose between them).
/// </summary>
public sealed record TargetTable(string Name, IReadOnlyList<TargetColumn> Columns, IReadOnlyList<IReadOnlyList<string>> UniqueKeys, IReadOnlyList<string>? CaseTwins = null)
{
    /// <summary>The column named <paramref name="column"/> in any case (the first, when two differ only by case: see <see cref="FindAll"/>).</summary>
    public TargetColumn? Find(string column) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every column named <paramref name="column"/> in any case: more than one when the target's names differ only by case.</summary>
    public IReadOnlyList<TargetColumn> FindAll(string column) =>
        Columns.Where(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)).ToList();

    public bool HasUniqueKey(IReadOnlyCollection<string> columns) =>
        UniqueKeys.Any(k => k.Count == columns.Count && k.All(c => columns.Contains(c, StringComparer.OrdinalIgnoreCase)));

    /// <summary>The table's foreign keys, as the catalog declares them (the importer merges parents first).</summary>
    public IReadOnlyList<TargetForeignKey> ForeignKeys { get; init; } = [];
    /// <summary>
    /// The enabled triggers on the table, by name: they fire on every row the merge writes (a
    /// last_update trigger rewrites what the site sent). The importer lists them, never alters them.
    /// </summary>
    public IReadOnlyList<string> Triggers { get; init; } = [];
}

/// <summary>
/// How one bundle table lands in its target: the reader's columns (in order), the merge key, and
/// the optional site column that every row gets set to the bundle's site.
/// </summary>
public sealed record MergePlan(
    string Table,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<string> Key,
    string? SiteColumn,
    string? SiteValue,
    bool MirrorDeletes = false)
{
    /// <summary>The key without the site column: the columns a tombstone file carries, in order.</summary>
    public IReadOnlyList<string> KeyWithoutSite =>
        Key.Where(k => !string.Equals(k, SiteColumn, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// The plan a tombstone file is staged with: its columns are <see cref="KeyWithoutSite"/> in that
    /// order, spelled and typed as <see cref="Columns"/> has them (the bundle's key columns).
    /// </summary>
    public MergePlan ForTombstones() =>
        this with { Columns = KeyWithoutSite.Select(k => Columns.First(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))).ToList() };
}

/// <summary>What a merge did: rows staged, and of those how many were new, changed or already equal; rows deleted.</summary>
public sealed record MergeResult(long Staged, long Inserted, long Updated, long Unchanged, long Deleted = 0);

/// <summary>One applied bundle, as recorded in <c>syncfiles_ledger</c> in the same transaction as its rows.</summary>
public sealed record LedgerEntry(
    string SiteId,
    long Sequence,
    Guid BundleId,
    string Sha256,
    BundleMode Mode,
    DateTimeOffset AppliedUtc,
    long RowsTotal,
    string RowCounts);

/// <summary>
/// The reference-table CSV last applied for one site and table, as recorded in
/// <c>syncfiles_table_state</c> in the same transaction as its rows: <paramref name="Sha256"/> is
/// the manifest's hash of that CSV, <paramref name="Sequence"/> the bundle that applied it.
/// <paramref name="Table"/> is stored as <see cref="KeyOf"/> gives it.
/// </summary>
public sealed record TableState(string SiteId, string Table, string Sha256, long Sequence, DateTimeOffset AppliedUtc)
{
    /// <summary>
    /// The table's name as stored: lower case, so that changing the case of a name in server.json
    /// finds the same row (the server configuration cannot hold two names differing only in case).
    /// </summary>
    public static string KeyOf(string table) => table.ToLowerInvariant();
}
