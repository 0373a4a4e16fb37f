using Npgsql;

namespace SyncFiles.Tests.Support;

/// <summary>
/// A schema of its own on the test PostgreSQL server (SYNCFILES_TEST_POSTGRES, which
/// tests/run-all.sh starts), used through search_path, dropped afterwards.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "SYNCFILES_TEST_POSTGRES";
    private readonly string _server;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];

    public PostgresTestDatabase()
    {
        _server = ServerOrSkip(Variable, "tests/run-all.sh starts a throwaway PostgreSQL and sets it");
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA \"{_schema}\"", connection);
        command.ExecuteNonQuery();
    }

    public override string Provider => "postgres";

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;

    /// <summary>
    /// The server's connection string; without one the test is skipped with the reason, except under
    /// CI (CI=true), where a database that should be there and is not fails the test.
    /// </summary>
    public static string ServerOrSkip(string variable, string hint)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (variable == Variable && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{variable} is not set under CI: {hint}.");
        }

        Assert.Skip($"{variable} is not set; {hint}.");
        return string.Empty;
    }

    public override void Dispose()
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA \"{_schema}\" CASCADE", connection);
        command.ExecuteNonQuery();
    }

    protected override void ExecuteRendered(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    protected override List<object?[]> QueryRendered(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        return ReadAll(reader);
    }

    protected override string TypeName(string portable, string[] arguments) => portable switch
    {
        "bool" => "boolean",
        "int16" => "smallint",
        "int32" => "integer",
        "int64" => "bigint",
        "decimal" => $"numeric({arguments[0]},{arguments[1]})",
        "float32" => "real",
        "float64" => "double precision",
        "varchar" => $"varchar({arguments[0]})",
        "text" => "text",
        "date" => "date",
        "time" => "time",
        "datetime" => "timestamp",
        "datetimeoffset" => "timestamptz",
        "guid" => "uuid",
        "binary" => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(portable), portable, null),
    };

    protected override string BooleanLiteral(bool value) => value ? "true" : "false";

    protected override string BinaryLiteral(string hex) => $"'\\x{hex}'::bytea";

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
