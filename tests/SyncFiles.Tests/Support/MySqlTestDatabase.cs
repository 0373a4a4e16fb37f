using MySqlConnector;

namespace SyncFiles.Tests.Support;

/// <summary>
/// A database of its own on the test MariaDB server (SYNCFILES_TEST_MYSQL, which tests/run-all.sh
/// starts with tests/mariadb.sh), dropped afterwards. Skipped with the reason when the variable is
/// not set, except under CI (CI=true), where a MariaDB that should be there and is not fails the test.
/// </summary>
public sealed partial class MySqlTestDatabase : TestDatabase
{
    public const string Variable = "SYNCFILES_TEST_MYSQL";
    private readonly string _server;
    private readonly string _database = "t_" + Guid.NewGuid().ToString("N")[..16];

    public MySqlTestDatabase()
    {
        _server = ServerOrSkip();
        using var connection = new MySqlConnection(_server);
        connection.Open();
        using var command = new MySqlCommand($"CREATE DATABASE `{_database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
        command.ExecuteNonQuery();
    }

    public override string Provider => "mysql";

    public override string ConnectionString => new MySqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    /// <summary>The database's name (for the mariadb client).</summary>
    public string Database => _database;

    /// <summary>The server's connection string; skips the test when there is none (fails it under CI).</summary>
    public static string ServerOrSkip()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        const string Hint = "tests/run-all.sh starts a throwaway MariaDB with tests/mariadb.sh and sets it";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"{Variable} is not set under CI: {Hint}.");
        }

        Assert.Skip($"{Variable} is not set; {Hint}.");
        return string.Empty;
    }

    public override void Dispose()
    {
        using var connection = new MySqlConnection(_server);
        connection.Open();
        using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{_database}`", connection);
        command.ExecuteNonQuery();
    }

    protected override void ExecuteRendered(string sql)
    {
        using var connection = Open();
        using var command = new MySqlCommand(WithoutOffsets(sql), connection);
        command.ExecuteNonQuery();
    }

    protected override List<object?[]> QueryRendered(string sql)
    {
        using var connection = Open();
        using var command = new MySqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = ReadAll(reader);
        // MySqlConnector reads a DATE and a TIMESTAMP as a DateTime: compare them as the date and
        // the instant (read in the UTC session) they are.
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var type = reader.GetDataTypeName(i);
            foreach (var row in rows)
            {
                row[i] = (type, row[i]) switch
                {
                    ("DATE", DateTime date) => DateOnly.FromDateTime(date),
                    ("TIMESTAMP", DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), TimeSpan.Zero),
                    (_, var value) => value,
                };
            }
        }

        return rows;
    }

    /// <summary>
    /// MariaDB reads no date-time literal with an offset ('2026-11-26 10:15:30.5+05:30'): the
    /// scenarios' literals are written as the instant they name, in the UTC session.
    /// </summary>
    private static string WithoutOffsets(string sql) => OffsetLiteral().Replace(sql, "CONVERT_TZ('$1', '$2', '+00:00')");

    [System.Text.RegularExpressions.GeneratedRegex(@"'(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}:\d{2})'", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OffsetLiteral();

    protected override string TypeName(string portable, string[] arguments) => portable switch
    {
        "bool" => "TINYINT(1)",
        "int16" => "SMALLINT",
        "int32" => "INT",
        "int64" => "BIGINT",
        "decimal" => $"DECIMAL({arguments[0]},{arguments[1]})",
        "float32" => "FLOAT",
        "float64" => "DOUBLE",
        "varchar" => $"VARCHAR({arguments[0]})",
        "text" => "LONGTEXT",
        "date" => "DATE",
        "time" => "TIME(6)",
        "datetime" => "DATETIME(6)",
        "datetimeoffset" => "TIMESTAMP(6) NULL",
        // MariaDB's own UUID type (10.7 and later); MySQL has none, and a CHAR(36) there travels as text.
        "guid" => "UUID",
        "binary" => "LONGBLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(portable), portable, null),
    };

    protected override string BooleanLiteral(bool value) => value ? "TRUE" : "FALSE";

    protected override string BinaryLiteral(string hex) => hex.Length == 0 ? "X''" : $"X'{hex}'";

    // Several statements per command, as the scenarios write them; TIMESTAMPs read and written in
    // UTC, as the provider does; CHAR(36) read as text.
    private MySqlConnection Open()
    {
        var builder = new MySqlConnectionStringBuilder(ConnectionString) { AllowUserVariables = true, GuidFormat = MySqlGuidFormat.None };
        var connection = new MySqlConnection(builder.ConnectionString);
        connection.Open();
        using var session = new MySqlCommand("SET time_zone = '+00:00'", connection);
        session.ExecuteNonQuery();
        return connection;
    }
}
