using Microsoft.Data.Sqlite;

namespace SyncFiles.Tests.Support;

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly TempDirectory _directory = new();

    public SqliteTestDatabase()
    {
        Path = _directory.Combine("test.db");
        using var connection = Open(SqliteOpenMode.ReadWriteCreate);
    }

    public string Path { get; }

    public override string Provider => "sqlite";

    public override string ConnectionString => $"Data Source={Path}";

    public override void Dispose() => _directory.Dispose();

    protected override void ExecuteRendered(string sql)
    {
        using var connection = Open(SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override List<object?[]> QueryRendered(string sql)
    {
        using var connection = Open(SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return ReadAll(reader);
    }

    protected override string TypeName(string portable, string[] arguments) => portable switch
    {
        "bool" => "BOOLEAN",
        "int16" => "SMALLINT",
        "int32" or "int64" => "INTEGER",
        "decimal" => $"DECIMAL({arguments[0]},{arguments[1]})",
        "float32" or "float64" => "REAL",
        "varchar" => $"VARCHAR({arguments[0]})",
        "text" => "TEXT",
        "date" => "DATE",
        "time" => "TIME",
        "datetime" => "DATETIME",
        "datetimeoffset" => "DATETIMEOFFSET",
        "guid" => "UUID",
        "binary" => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(portable), portable, null),
    };

    protected override string BooleanLiteral(bool value) => value ? "1" : "0";

    protected override string BinaryLiteral(string hex) => $"X'{hex}'";

    private SqliteConnection Open(SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
