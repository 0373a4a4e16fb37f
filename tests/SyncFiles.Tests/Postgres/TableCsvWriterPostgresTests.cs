using CsCheck;
using Npgsql;
using SyncFiles.Common.Csv;
using SyncFiles.Postgres;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// The UTF-8 CSV writer against the CsvHelper writer it replaced, on PostgreSQL's own types read
/// through the exporter's PostgreSQL source (schema from the catalog, rows from its reader): numeric
/// with and without a scale, real, timestamp, timestamptz, time, uuid, bytea...
/// </summary>
public sealed class TableCsvWriterPostgresTests
{
    private static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.OneOf(string.Empty, "\"", ",", "\n", "\r\n", " ", "a,b", "\"quoted\"", "😀 emoji", "日本語")),
        (3, Gen.String[Gen.Char["\",\r\n \taé€\\N"], 0, 12]),
        (1, Gen.String.Where(s => !s.Contains('\0', StringComparison.Ordinal) && System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s)) == s)));

    private static readonly Gen<DateTime> Timestamp = Gen.DateTime[new DateTime(1, 1, 1), new DateTime(9999, 12, 31)].Select(d => DateTime.SpecifyKind(d, DateTimeKind.Unspecified));

    private static readonly Gen<object?[]> Row = Gen.Select(
        Gen.Select(Nullable(Text), Nullable(Gen.Bool), Nullable(Gen.Short), Nullable(Gen.Int), Nullable(Gen.Long)),
        Gen.Select(Nullable(Gen.Decimal[-99_999_999_999_999m, 99_999_999_999_999m].Select(d => Math.Round(d, 4))), Nullable(Gen.Decimal), Nullable(Gen.Float.Where(float.IsFinite)), Nullable(Gen.Double.Where(double.IsFinite))),
        Gen.Select(Nullable(Gen.DateOnly), Nullable(Gen.TimeOnly), Nullable(Timestamp), Nullable(Timestamp.Select(d => new DateTimeOffset(d, TimeSpan.Zero)))),
        Gen.Select(Nullable(Gen.Guid), Nullable(Gen.Byte.Array[0, 40])),
        (a, b, c, d) => new object?[] { a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, c.Item1, c.Item2, c.Item3, c.Item4, d.Item1, d.Item2 });

    [Fact]
    public void PostgreSQL_values_are_written_byte_for_byte_as_the_CsvHelper_writer_wrote_them()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("""
            CREATE TABLE t (id bigint PRIMARY KEY, s text, b boolean, i16 smallint, i32 integer, i64 bigint,
                dec numeric(18,4), dec_free numeric, f32 real, f64 double precision,
                d date, tm time, ts timestamp, tstz timestamptz, g uuid, bin bytea)
            """);
        var id = 0L;
        Row.Array[1, 20].Sample(rows =>
        {
            using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                connection.Open();
                using var clear = new NpgsqlCommand("DELETE FROM t", connection);
                clear.ExecuteNonQuery();
                using var insert = new NpgsqlCommand("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)", connection);
                foreach (var row in rows)
                {
                    insert.Parameters.Clear();
                    insert.Parameters.Add(new NpgsqlParameter { Value = ++id });
                    foreach (var value in row)
                    {
                        insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                    }

                    insert.ExecuteNonQuery();
                }
            }

            Assert.Equal(Export(database, old: true), Export(database, old: false));
        }, iter: 40, threads: 1);
    }

    private static Gen<object?> Nullable<T>(Gen<T> gen) => Gen.Frequency((1, Gen.Int[0, 0].Select(_ => (object?)null)), (4, gen.Select(v => (object?)v)));

    private static byte[] Export(PostgresTestDatabase database, bool old)
    {
        return ExportAsync().GetAwaiter().GetResult();

        async Task<byte[]> ExportAsync()
        {
            await using var snapshot = await new PostgresSourceProvider().OpenSnapshotAsync(database.ConnectionString, Environment.CurrentDirectory, Serilog.Core.Logger.None, CancellationToken.None);
            var schema = await snapshot.DescribeTableAsync("t", CancellationToken.None);
            await using var reader = await snapshot.ReadRowsAsync(schema, null, CancellationToken.None);
            using var output = new MemoryStream();
            if (old)
            {
                await new CsvHelperTableWriter(schema, ["id"]).WriteAsync(reader, output, CancellationToken.None);
            }
            else
            {
                await new TableCsvWriter(schema, ["id"]).WriteAsync(reader, output, CancellationToken.None);
            }

            return output.ToArray();
        }
    }
}
