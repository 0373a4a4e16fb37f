using System.Data.Common;
using System.Globalization;

namespace SyncFiles.Common.Providers;

/// <summary>
/// What one database says differently about <c>syncfiles_ledger</c> and <c>syncfiles_table_state</c>:
/// the statements, how their parameters are named and typed, and how a GUID, a timestamp and a day
/// are stored. <see cref="TargetTransaction"/> and <see cref="LedgerSummaryReader"/> do the rest (the
/// pattern of DbUp's <c>TableJournal</c>, whose subclasses supply only SQL).
/// </summary>
/// <remarks>
/// A provider supplies, in one sealed subclass:
/// <list type="bullet">
/// <item>the nine statements below, each naming its parameters as <see cref="ParameterName"/> spells
/// them (<c>@site</c> unless <see cref="ParameterPrefix"/> says otherwise) and returning the columns
/// in the order each property's summary gives;</item>
/// <item><see cref="TimestampValue"/> and <see cref="SinceValue"/>, <see cref="ReadDay"/>: how its
/// driver stores a timestamp and a day;</item>
/// <item>where its driver needs it: <see cref="Describe"/> (a parameter's explicit type and size),
/// <see cref="GuidValue"/>, <see cref="ReadGuid"/> and <see cref="ReadTimestamp"/> (a GUID or a
/// timestamp kept as text).</item>
/// </list>
/// Values always travel as parameters; no statement is built from a value.
/// </remarks>
public abstract class LedgerDialect
{
    /// <summary>The bundle applied as (@site, @sequence): bundle_id, sha256, mode, applied_utc, rows_total, row_counts (as text).</summary>
    public abstract string FindApplied { get; }

    /// <summary>The site's (@site) highest sequence, 0 when none: one value.</summary>
    public abstract string LastSequence { get; }

    /// <summary>Inserts a ledger row from @site, @sequence, @bundle, @sha256, @mode, @applied, @rows, @counts.</summary>
    public abstract string RecordApplied { get; }

    /// <summary>The site's (@site) table states: table_name, sha256, sequence, applied_utc.</summary>
    public abstract string TableStates { get; }

    /// <summary>Inserts or replaces the state of (@site, @table) with @sha256, @sequence, @applied.</summary>
    public abstract string UpsertTableState { get; }

    /// <summary>Deletes the state of (@site, @table), if any.</summary>
    public abstract string DeleteTableState { get; }

    /// <summary>Whether the ledger exists, never creating it: one value, true or non-zero when it does.</summary>
    public abstract string LedgerExists { get; }

    /// <summary>
    /// Each site's highest sequence with its bundle and its number of bundles, by site: site_id,
    /// sequence, bundle_id, mode, applied_utc, rows_total, bundles. Waits for no importer.
    /// </summary>
    public abstract string SiteSummaries { get; }

    /// <summary>Rows and bundles applied per site and UTC day from @since on: site_id, day, rows, bundles, by site and day.</summary>
    public abstract string RowsPerDay { get; }

    /// <summary>What the statements write before a parameter's name: <c>@</c>, or SQLite's <c>$</c>.</summary>
    protected virtual string ParameterPrefix => "@";

    /// <summary>The parameter's name as the statements write it (<c>@site</c>).</summary>
    public string ParameterName(LedgerParameter parameter) => ParameterPrefix + parameter switch
    {
        LedgerParameter.Site => "site",
        LedgerParameter.Sequence => "sequence",
        LedgerParameter.BundleId => "bundle",
        LedgerParameter.Sha256 => "sha256",
        LedgerParameter.Mode => "mode",
        LedgerParameter.Applied => "applied",
        LedgerParameter.RowsTotal => "rows",
        LedgerParameter.RowCounts => "counts",
        LedgerParameter.Table => "table",
        LedgerParameter.Since => "since",
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
    };

    /// <summary>
    /// Gives <paramref name="parameter"/> (its name and value already set) the type and size its
    /// column has, where the driver would otherwise infer one (SQL Server). Nothing by default.
    /// </summary>
    protected internal virtual void Describe(DbParameter parameter, LedgerParameter field)
    {
    }

    /// <summary>A bundle id as stored: the <see cref="Guid"/> itself unless the column is text.</summary>
    protected internal virtual object GuidValue(Guid value) => value;

    /// <summary>An applied time as stored (@applied).</summary>
    protected internal abstract object TimestampValue(DateTimeOffset value);

    /// <summary>The first UTC day counted (@since) as stored.</summary>
    protected internal abstract object SinceValue(DateOnly since);

    /// <summary>A bundle id as read back.</summary>
    protected internal virtual Guid ReadGuid(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    /// <summary>An applied time as read back.</summary>
    protected internal virtual DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>A day of <see cref="RowsPerDay"/> as read back.</summary>
    protected internal abstract DateOnly ReadDay(DbDataReader reader, int ordinal);

    /// <summary>Adds the named, typed parameter with <paramref name="value"/> to <paramref name="command"/>.</summary>
    internal void Add(DbCommand command, LedgerParameter field, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = ParameterName(field);
        parameter.Value = value;
        Describe(parameter, field);
        command.Parameters.Add(parameter);
    }

    /// <summary>A count or sequence read as one value, whatever integer type the driver returns.</summary>
    internal static long ReadCount(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}

/// <summary>The parameters of the <see cref="LedgerDialect"/> statements.</summary>
public enum LedgerParameter
{
    /// <summary>The site id (<c>@site</c>).</summary>
    Site,

    /// <summary>The bundle's sequence (<c>@sequence</c>).</summary>
    Sequence,

    /// <summary>The bundle id (<c>@bundle</c>).</summary>
    BundleId,

    /// <summary>A SHA-256 in hex (<c>@sha256</c>).</summary>
    Sha256,

    /// <summary>The bundle's mode in lower case (<c>@mode</c>).</summary>
    Mode,

    /// <summary>When it was applied (<c>@applied</c>).</summary>
    Applied,

    /// <summary>The rows the bundle applied (<c>@rows</c>).</summary>
    RowsTotal,

    /// <summary>The rows per table, JSON (<c>@counts</c>).</summary>
    RowCounts,

    /// <summary>A table's key, <see cref="TableState.KeyOf"/> (<c>@table</c>).</summary>
    Table,

    /// <summary>The first UTC day <see cref="LedgerDialect.RowsPerDay"/> counts (<c>@since</c>).</summary>
    Since,
}
