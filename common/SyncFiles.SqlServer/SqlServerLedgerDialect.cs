using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using SyncFiles.Common.Providers;

namespace SyncFiles.SqlServer;

/// <summary>
/// The ledger in SQL Server: statements in <see cref="SqlServerLedgerSql"/>, each parameter typed as
/// its column (<see cref="SqlServerParameters"/> says why types are never inferred).
/// </summary>
internal sealed class SqlServerLedgerDialect : LedgerDialect
{
    public static readonly SqlServerLedgerDialect Instance = new();

    private SqlServerLedgerDialect()
    {
    }

    public override string FindApplied => SqlServerLedgerSql.Find;

    public override string LastSequence => SqlServerLedgerSql.LastSequence;

    public override string RecordApplied => SqlServerLedgerSql.Insert;

    public override string TableStates => SqlServerLedgerSql.TableStates;

    public override string UpsertTableState => SqlServerLedgerSql.UpsertTableState;

    public override string DeleteTableState => SqlServerLedgerSql.DeleteTableState;

    public override string LedgerExists => SqlServerLedgerSql.Exists;

    public override string SiteSummaries => SqlServerLedgerSql.SiteSummaries;

    public override string RowsPerDay => SqlServerLedgerSql.RowsPerDay;

    /// <summary>The SQL type and size of each parameter: its column's in the ledger's CREATE TABLE.</summary>
    public static (SqlDbType Type, int Size) TypeOf(LedgerParameter field) => field switch
    {
        LedgerParameter.Site => (SqlDbType.NVarChar, 32),
        LedgerParameter.Sequence or LedgerParameter.RowsTotal => (SqlDbType.BigInt, 0),
        LedgerParameter.BundleId => (SqlDbType.UniqueIdentifier, 0),
        LedgerParameter.Sha256 => (SqlDbType.Char, 64),
        LedgerParameter.Mode => (SqlDbType.VarChar, 16),
        LedgerParameter.Applied or LedgerParameter.Since => (SqlDbType.DateTimeOffset, 0),
        LedgerParameter.RowCounts => (SqlDbType.NVarChar, -1),
        LedgerParameter.Table => (SqlDbType.NVarChar, 128),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    protected override void Describe(DbParameter parameter, LedgerParameter field)
    {
        var (type, size) = TypeOf(field);
        var typed = (SqlParameter)parameter;
        typed.SqlDbType = type;
        if (size != 0)
        {
            typed.Size = size;
        }
    }

    protected override object TimestampValue(DateTimeOffset value) => value;

    protected override object SinceValue(DateOnly since) => new DateTimeOffset(since, TimeOnly.MinValue, TimeSpan.Zero);

    protected override DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => ((SqlDataReader)reader).GetDateTimeOffset(ordinal);

    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => DateOnly.FromDateTime(reader.GetDateTime(ordinal));
}
