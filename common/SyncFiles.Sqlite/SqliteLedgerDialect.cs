using System.Data.Common;
using System.Globalization;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>
/// The ledger in SQLite: GUIDs and times as text (a time in ISO 8601 with its offset, which
/// SQLite's date() turns into the UTC day), <c>$</c> parameters; statements in <see cref="SqliteLedgerSql"/>.
/// </summary>
internal sealed class SqliteLedgerDialect : LedgerDialect
{
    public static readonly SqliteLedgerDialect Instance = new();

    private SqliteLedgerDialect()
    {
    }

    public override string FindApplied => SqliteLedgerSql.Find;

    public override string LastSequence => SqliteLedgerSql.LastSequence;

    public override string RecordApplied => SqliteLedgerSql.Insert;

    public override string TableStates => SqliteLedgerSql.TableStates;

    public override string UpsertTableState => SqliteLedgerSql.UpsertTableState;

    public override string DeleteTableState => SqliteLedgerSql.DeleteTableState;

    public override string LedgerExists => SqliteLedgerSql.Exists;

    public override string SiteSummaries => SqliteLedgerSql.SiteSummaries;

    public override string RowsPerDay => SqliteLedgerSql.RowsPerDay;

    protected override string ParameterPrefix => "$";

    protected override object GuidValue(Guid value) => value.ToString("D");

    protected override object TimestampValue(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    protected override object SinceValue(DateOnly since) => since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    // Written with its offset ("O"); a time someone wrote without one is taken as UTC.
    protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) =>
        DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
