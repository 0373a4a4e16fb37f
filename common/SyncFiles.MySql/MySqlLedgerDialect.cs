using System.Data.Common;
using System.Globalization;
using SyncFiles.Common.Providers;

namespace SyncFiles.MySql;

/// <summary>
/// The ledger in MariaDB/MySQL: bundle ids as CHAR(36) text (the connection reads no GUIDs,
/// <see cref="MySqlConnections"/>), times as DATETIME(6) holding UTC with no offset; statements in
/// <see cref="MySqlSql"/>.
/// </summary>
internal sealed class MySqlLedgerDialect : LedgerDialect
{
    public static readonly MySqlLedgerDialect Instance = new();

    private MySqlLedgerDialect()
    {
    }

    public override string FindApplied => MySqlSql.FindApplied;

    public override string LastSequence => MySqlSql.LastSequence;

    public override string RecordApplied => MySqlSql.RecordApplied;

    public override string TableStates => MySqlSql.TableStates;

    public override string UpsertTableState => MySqlSql.UpsertTableState;

    public override string DeleteTableState => MySqlSql.DeleteTableState;

    public override string LedgerExists => MySqlSql.LedgerExists;

    public override string SiteSummaries => MySqlSql.SiteSummaries;

    public override string RowsPerDay => MySqlSql.RowsPerDay;

    protected override object GuidValue(Guid value) => value.ToString("D");

    // DATETIME keeps no offset: the UTC wall-clock time, whatever the session's time zone.
    protected override object TimestampValue(DateTimeOffset value) => DateTime.SpecifyKind(value.UtcDateTime, DateTimeKind.Unspecified);

    protected override object SinceValue(DateOnly since) => since.ToDateTime(TimeOnly.MinValue);

    protected override Guid ReadGuid(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Unspecified), TimeSpan.Zero);

    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => DateOnly.FromDateTime(reader.GetDateTime(ordinal));
}
