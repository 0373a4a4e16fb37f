using Microsoft.Data.SqlClient;

namespace SyncFiles.Tests.Support;

/// <summary>
/// A database of its own on the SQL Server named by SYNCFILES_TEST_SQLSERVER (a connection string
/// to a server where the login may create databases), created with snapshot isolation and change
/// tracking allowed, dropped afterwards. Without the variable the test is skipped with the reason:
/// no SQL Server can run on the CI machines.
/// </summary>
public sealed class SqlServerTestDatabase : TestDatabase
{
    public const string Variable = "SYNCFILES_TEST_SQLSERVER";
    private readonly string _server;
    private readonly string _database = "syncfiles_t_" + Guid.NewGuid().ToString("N")[..16];

    public SqlServerTestDatabase()
    {
        _server = PostgresTestDatabase.ServerOrSkip(Variable, "set it to a SQL Server connection string (a login that may create databases) to run the SQL Server suite");
        using var connection = new SqlConnection(_server);
        connection.Open();
        foreach (var sql in new[]
        {
            $"CREATE DATABASE [{_database}]",
            $"ALTER DATABASE [{_database}] SET ALLOW_SNAPSHOT_ISOLATION ON",
            $"ALTER DATABASE [{_database}] SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON)",
        })
        {
            using var command = new SqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }

    public override string Provider => "sqlserver";

    public override string ConnectionString => new SqlConnectionStringBuilder(_server) { InitialCatalog = _database, Pooling = false }.ConnectionString;

    public override void Dispose()
    {
        using var connection = new SqlConnection(_server);
        connection.Open();
        using var command = new SqlCommand($"ALTER DATABASE [{_database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_database}]", connection);
        command.ExecuteNonQuery();
    }

    protected override void ExecuteRendered(string sql)
    {
        using var connection = Open();
        // SQL Server has no "ADD COLUMN" keyword; scenario DDL is written in the common form.
        using var command = new SqlCommand(sql.Replace("ADD COLUMN", "ADD", StringComparison.Ordinal), connection);
        command.ExecuteNonQuery();
    }

    protected override List<object?[]> QueryRendered(string sql)
    {
        using var connection = Open();
        using var command = new SqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        return ReadAll(reader);
    }

    protected override string TypeName(string portable, string[] arguments) => portable switch
    {
        "bool" => "bit",
        "int16" => "smallint",
        "int32" => "int",
        "int64" => "bigint",
        "decimal" => $"decimal({arguments[0]},{arguments[1]})",
        "float32" => "real",
        "float64" => "float",
        "varchar" => $"nvarchar({arguments[0]})",
        "text" => "nvarchar(max)",
        "date" => "date",
        "time" => "time(7)",
        "datetime" => "datetime2(7)",
        "datetimeoffset" => "datetimeoffset(7)",
        "guid" => "uniqueidentifier",
        "binary" => "varbinary(max)",
        _ => throw new ArgumentOutOfRangeException(nameof(portable), portable, null),
    };

    protected override string BooleanLiteral(bool value) => value ? "1" : "0";

    protected override string BinaryLiteral(string hex) => "0x" + hex;

    private SqlConnection Open()
    {
        var connection = new SqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
