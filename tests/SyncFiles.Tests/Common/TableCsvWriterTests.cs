using CsCheck;
using Microsoft.Data.Sqlite;
using SyncFiles.Common;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Common;

/// <summary>
/// The UTF-8 CSV writer against the CsvHelper writer it replaced (<see cref="CsvHelperTableWriter"/>):
/// on the same rows of a real SQLite table both must write the same bytes, so a bundle means the
/// same whichever version wrote it. Also what the two-thread pipeline must do when either side fails.
/// </summary>
public sealed class TableCsvWriterTests
{
    private static readonly TableSchema Table = new(
        "t",
        [
            new ColumnSchema("id", PortableType.Int64, false),
            new ColumnSchema("s", PortableType.String, true),
            new ColumnSchema("b", PortableType.Boolean, true),
            new ColumnSchema("i16", PortableType.Int16, true),
            new ColumnSchema("i32", PortableType.Int32, true),
            new ColumnSchema("i64", PortableType.Int64, true),
            new ColumnSchema("dec", PortableType.Decimal, true, Precision: 28, Scale: 4),
            new ColumnSchema("dec_free", PortableType.Decimal, true),
            new ColumnSchema("f32", PortableType.Float32, true),
            new ColumnSchema("f64", PortableType.Float64, true),
            new ColumnSchema("d", PortableType.Date, true),
            new ColumnSchema("t", PortableType.Time, true),
            new ColumnSchema("dt", PortableType.DateTime, true),
            new ColumnSchema("dto", PortableType.DateTimeOffset, true),
            new ColumnSchema("g", PortableType.Guid, true),
            new ColumnSchema("bin", PortableType.Binary, true),
        ],
        ["id"]);

    private static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.OneOf(string.Empty, "\"", ",", "\n", "\r\n", "\r", " ", "a,b", "\"quoted\"", "😀 emoji", "日本語", "\ud800 lone", "x\udc00")),
        (3, Gen.String[Gen.Char["\",\r\n \t\ufeffaé€\\N"], 0, 12]),
        (2, Gen.String));

    private static readonly Gen<object?[]> Row = Gen.Select(
        Gen.Select(Nullable(Text), Nullable(Gen.Bool), Nullable(Gen.Short), Nullable(Gen.Int), Nullable(Gen.Long)),
        Gen.Select(Nullable(Gen.Decimal), Nullable(Gen.Decimal), Nullable(Gen.Float.Where(float.IsFinite)), Nullable(Gen.Double.Where(double.IsFinite))),
        Gen.Select(Nullable(Gen.DateOnly), Nullable(Gen.TimeOnly), Nullable(Gen.DateTime), Nullable(Gen.DateTimeOffset)),
        Gen.Select(Nullable(Gen.Guid), Nullable(Gen.Byte.Array[0, 40])),
        (a, b, c, d) => new object?[] { a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, c.Item1, c.Item2, c.Item3, c.Item4, d.Item1, d.Item2 });

    [Fact]
    public void Every_type_is_written_byte_for_byte_as_the_CsvHelper_writer_wrote_it()
    {
        Row.Array[1, 30].Sample(rows =>
        {
            using var connection = Fill(rows);
            Assert.Equal(WriteWithCsvHelper(connection), WriteUtf8(connection));
        }, iter: 200);
    }

    [Fact]
    public void Rows_longer_than_a_buffer_and_many_buffers_of_rows_are_written_the_same()
    {
        var huge = string.Concat(Enumerable.Repeat("ligne, \"citée\" 😀\n", 40_000));
        var rows = Enumerable.Range(0, 30_000)
            .Select(i => new object?[] { i % 7_000 == 0 ? huge : $"client {i}", i % 2 == 0, (short)i, i, (long)i * 1_000_003, i / 7m, 12.5m, i * 0.1f, i / 3.0, DateOnly.FromDayNumber(730_000 + i), TimeOnly.FromTimeSpan(TimeSpan.FromMilliseconds(i * 977)), new DateTime(2025, 1, 1).AddTicks(i * 12_345_678L), null, Guid.Empty, new byte[] { (byte)i } })
            .ToArray();
        using var connection = Fill(rows);

        var expected = WriteWithCsvHelper(connection);
        var actual = WriteUtf8(connection);

        Assert.True(expected.Length > 5_000_000, "the table must span many buffers");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task An_error_of_the_output_stream_is_reported_and_nothing_hangs()
    {
        using var connection = Fill(Enumerable.Range(0, 20_000).Select(i => new object?[] { $"row {i}", null, null, null, null, null, null, null, null, null, null, null, null, null, null }).ToArray());
        var path = Path.GetTempFileName();
        try
        {
            // A real file opened for reading only: every write fails, on the background thread.
            await using var readOnly = new FileStream(path, FileMode.Open, FileAccess.Read);
            await using var command = Select(connection);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            await Assert.ThrowsAsync<NotSupportedException>(
                () => new TableCsvWriter(Table, ["id"]).WriteAsync(reader, readOnly, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_error_reading_a_row_is_reported_with_table_row_and_column()
    {
        var lone = new TableSchema("solo", [new ColumnSchema("v", PortableType.String, true)], []);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE solo (v TEXT); INSERT INTO solo VALUES ('a'), ('b'), (NULL), ('c')");
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT v FROM solo ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        using var output = new MemoryStream();

        var error = await Assert.ThrowsAsync<SourceValueException>(() => new TableCsvWriter(lone, []).WriteAsync(reader, output, TestContext.Current.CancellationToken));

        Assert.Equal("Table solo, row 3, column v: NULL cannot be exported from a table with a single column", error.Message);
    }

    [Fact]
    public async Task A_cancelled_export_stops_with_OperationCanceledException()
    {
        using var connection = Fill(Enumerable.Range(0, 50_000).Select(i => new object?[] { $"row {i}", null, null, null, null, null, null, null, null, null, null, null, null, null, null }).ToArray());
        await using var command = Select(connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new TableCsvWriter(Table, ["id"]).WriteAsync(reader, Stream.Null, cancel.Token));
    }

    private static Gen<object?> Nullable<T>(Gen<T> gen) => Gen.Frequency((1, Gen.Int[0, 0].Select(_ => (object?)null)), (4, gen.Select(v => (object?)v)));

    private static byte[] WriteWithCsvHelper(SqliteConnection connection)
    {
        using var command = Select(connection);
        using var reader = command.ExecuteReader();
        using var output = new MemoryStream();
        new CsvHelperTableWriter(Table, ["id"]).WriteAsync(reader, output, CancellationToken.None).GetAwaiter().GetResult();
        return output.ToArray();
    }

    private static byte[] WriteUtf8(SqliteConnection connection)
    {
        using var command = Select(connection);
        using var reader = command.ExecuteReader();
        using var output = new MemoryStream();
        new TableCsvWriter(Table, ["id"]).WriteAsync(reader, output, CancellationToken.None).GetAwaiter().GetResult();
        return output.ToArray();
    }

    private static SqliteCommand Select(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", Table.Columns.Select(c => c.Name))} FROM t ORDER BY id";
        return command;
    }

    private static SqliteConnection Fill(object?[][] rows)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, b INTEGER, i16 INTEGER, i32 INTEGER, i64 INTEGER, dec TEXT, dec_free TEXT, f32 REAL, f64 REAL, d TEXT, t TEXT, dt TEXT, dto TEXT, g BLOB, bin BLOB)");
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO t VALUES ({string.Join(", ", Enumerable.Range(0, 16).Select(i => "$p" + i))})";
        var parameters = Enumerable.Range(0, 16).Select(i => insert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i })).ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            parameters[0].Value = r + 1;
            for (var c = 0; c < rows[r].Length; c++)
            {
                parameters[c + 1].Value = rows[r][c] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
