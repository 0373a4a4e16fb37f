using Microsoft.Data.Sqlite;
using SyncFiles.Common.Schema;
using SyncFiles.Sqlite;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Sqlite;

/// <summary>
/// The importer binds values to its prepared INSERT itself (SqliteRowInserter): a value of every
/// type the bundle reader hands must be stored exactly as Microsoft.Data.Sqlite stores it, since
/// the driver's readers (and the SQLite source) read those layouts back.
/// </summary>
public sealed class SqliteValuesTests
{
    public static TheoryData<object> DriverValues() =>
    [
        "plain text",
        "accents é, emoji 😀, \"quotes\", commas, line\nbreak",
        string.Empty,
        42L,
        -7,
        (short)12,
        0.1,
        -1.5e300,
        2.5f,
        double.PositiveInfinity,
        new byte[] { 0, 1, 2, 255 },
        Array.Empty<byte>(),
        new DateTime(2025, 1, 31, 23, 59, 58),
        new DateTime(2025, 1, 31, 23, 59, 58, 123),
        new DateTime(2025, 1, 31, 23, 59, 58).AddTicks(1234567),
        new DateTime(2025, 1, 31),
        new DateTime(1, 1, 1),
        DateTime.MaxValue,
        new DateOnly(2025, 12, 6),
        new DateOnly(1, 1, 1),
        new TimeOnly(0, 0),
        new TimeOnly(13, 45, 10),
        new TimeOnly(13, 45, 10, 5),
        new TimeOnly(13, 45, 10).Add(TimeSpan.FromTicks(1)),
        new DateTimeOffset(2025, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)),
        new DateTimeOffset(2025, 3, 30, 2, 30, 0, 250, TimeSpan.FromMinutes(-330)),
        new DateTimeOffset(2025, 3, 30, 2, 30, 0, TimeSpan.Zero),
    ];

    [Theory]
    [MemberData(nameof(DriverValues))]
    public void A_value_is_stored_as_the_driver_stores_it(object value)
    {
        using var folder = new TempDirectory();
        using var connection = Open(folder);

        using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO v (id, x) VALUES (1, $x)";
            command.Parameters.AddWithValue("$x", value);
            command.ExecuteNonQuery();
        }

        Insert(connection, 2, value, asText: false);

        Assert.Equal(Stored(connection, 1), Stored(connection, 2));
    }

    [Theory]
    [InlineData("decimal", "text|12.50")]
    [InlineData("negative decimal", "text|-0.0001")]
    [InlineData("guid", "text|0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("infinity", "text|infinity")]
    [InlineData("true", "integer|1")]
    [InlineData("false", "integer|0")]
    [InlineData("null", "null|")]
    public void Values_the_driver_would_store_otherwise_keep_their_exact_text(string name, string expected)
    {
        object? value = name switch
        {
            "decimal" => 12.50m,
            "negative decimal" => -0.0001m,
            "guid" => Guid.Parse("0F8FAD5B-D9CB-469F-A165-70867728950E"),
            "infinity" => TemporalInfinity.Positive,
            "true" => true,
            "false" => false,
            _ => null,
        };
        using var folder = new TempDirectory();
        using var connection = Open(folder);

        Insert(connection, 1, value, asText: false);

        Assert.Equal(expected, Stored(connection, 1));
    }

    [Fact]
    public void A_text_column_stores_the_bundle_text_of_any_value()
    {
        using var folder = new TempDirectory();
        using var connection = Open(folder);

        Insert(connection, 1, new DateTimeOffset(2025, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)), asText: true);
        Insert(connection, 2, 2.5m, asText: true);

        Assert.Equal("text|2025-03-30T02:30:00+02:00", Stored(connection, 1));
        Assert.Equal("text|2.5", Stored(connection, 2));
    }

    [Fact]
    public void NaN_is_refused_rather_than_stored_as_NULL()
    {
        using var folder = new TempDirectory();
        using var connection = Open(folder);

        Assert.Throws<InvalidOperationException>(() => Insert(connection, 1, double.NaN, asText: false));
    }

    [Fact]
    public void A_constraint_violation_is_the_driver_s_exception()
    {
        using var folder = new TempDirectory();
        using var connection = Open(folder);
        Insert(connection, 1, 1L, asText: false);

        var error = Assert.Throws<SqliteException>(() => Insert(connection, 1, 2L, asText: false));

        Assert.Equal(19, error.SqliteErrorCode);
    }

    private static SqliteConnection Open(TempDirectory folder)
    {
        var connection = new SqliteConnection($"Data Source={folder.Combine("values.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();

        // No declared type: BLOB affinity stores each value as bound.
        command.CommandText = "CREATE TABLE v (id INTEGER PRIMARY KEY, x)";
        command.ExecuteNonQuery();
        return connection;
    }

    private static void Insert(SqliteConnection connection, long id, object? value, bool asText)
    {
        using var insert = new SqliteRowInserter(connection, "INSERT INTO v (id, x) VALUES ($id, $x)");
        insert.Bind(insert.ParameterIndex("$id"), id, asText: false);
        insert.Bind(insert.ParameterIndex("$x"), value, asText);
        insert.Execute();
    }

    private static string Stored(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(x) || '|' || coalesce(CASE typeof(x) WHEN 'blob' THEN hex(x) WHEN 'real' THEN printf('%!.17g', x) ELSE x END, '') FROM v WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (string)command.ExecuteScalar()!;
    }
}
