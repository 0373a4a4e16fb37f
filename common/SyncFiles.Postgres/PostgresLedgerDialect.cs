using System.Data.Common;
using SyncFiles.Common.Providers;

namespace SyncFiles.Postgres;

/// <summary>The ledger in PostgreSQL: uuid, timestamptz (written as UTC) and jsonb columns; statements in <see cref="PostgresSql"/>.</summary>
internal sealed class PostgresLedgerDialect : LedgerDialect
{
    public static readonly PostgresLedgerDialect Instance = new();

    private PostgresLedgerDialect()
    {
    }

    public override string FindApplied => PostgresSql.FindApplied;

    public override string LastSequence => PostgresSql.LastSequence;

    public override string RecordApplied => PostgresSql.RecordApplied;

    public override string TableStates => PostgresSql.TableStates;

    public override string UpsertTableState => PostgresSql.UpsertTableState;

    public override string DeleteTableState => PostgresSql.DeleteTableState;

    public override string LedgerExists => PostgresSql.LedgerExists;

    public override string SiteSummaries => PostgresSql.SiteSummaries;

    public override string RowsPerDay => PostgresSql.RowsPerDay;

    // Npgsql writes timestamptz only from a UTC value.
    protected override object TimestampValue(DateTimeOffset value) => value.ToUniversalTime();

    protected override object SinceValue(DateOnly since) => new DateTime(since, TimeOnly.MinValue, DateTimeKind.Utc);

    protected override DateOnly ReadDay(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);
}
