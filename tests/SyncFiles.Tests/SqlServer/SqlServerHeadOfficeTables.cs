using SyncFiles.Tests.Importer;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.SqlServer;

/// <summary>
/// The head-office table scenarios (init's DDL, --create-tables, schemaChanges) on a live SQL
/// Server. Runs only with SYNCFILES_TEST_SQLSERVER; skipped with the reason otherwise.
/// </summary>
public sealed class SqlServerHeadOfficeTables : HeadOfficeTablesScenarios
{
    protected override string AlterRemarque => "ALTER TABLE [factures] ADD [remarque] nvarchar(max) NULL";

    protected override string RemarqueType => "nvarchar(max)";

    protected override string DateTimeType => "DATETIME2";

    // SQL Server's index names belong to their table: a view in the way of the second table instead.
    protected override (string Sql, string Named, string Message) Sabotage => ("CREATE VIEW factures AS SELECT 1 AS x", "factures", "There is already an object named");

    protected override string Quote(string name) => $"[{name}]";

    protected override TestDatabase NewTarget() => new SqlServerTestDatabase();

    // No sqlcmd here: the script's statements, each ended by ';', run as one batch.
    protected override void RunScript(TestDatabase target, string script) => target.Execute(script);

    protected override string TablesNamed(TestDatabase target, params string[] names) =>
        target.Query($"SELECT STRING_AGG(name, ',') WITHIN GROUP (ORDER BY name) FROM sys.tables WHERE name IN ({string.Join(", ", names.Select(n => $"N'{n}'"))})")[0][0] as string ?? string.Empty;

    protected override string ColumnsOf(TestDatabase target, string table) =>
        target.Query($"SELECT STRING_AGG(name, ',') WITHIN GROUP (ORDER BY column_id) FROM sys.columns WHERE object_id = OBJECT_ID(N'{table}')")[0][0] as string ?? string.Empty;
}
