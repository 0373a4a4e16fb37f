using CsCheck;
using Npgsql;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Postgres;
using SyncFiles.Tests.Support;

namespace SyncFiles.Tests.Postgres;

/// <summary>
/// PostgreSQL formats a table's CSV itself (COPY ... TO STDOUT (FORMAT csv) with one expression per
/// column): its bytes must be exactly those the exporter writes from a data reader, for every
/// PostgreSQL type the path takes, for the values no bundle can carry (refused by both, with the
/// row's key), and for change ranges bound without parameters in the COPY.
/// </summary>
public sealed class PostgresCsvCopyTests
{
    private const string Columns = """
        id bigint PRIMARY KEY, s text, vc varchar(12), pad char(5), b boolean, i16 smallint, i32 integer, i64 bigint,
        dec numeric(18,4), dec28 numeric(28,10),
        d date, tm time, ts timestamp, tstz timestamptz, g uuid, bin bytea
        """;

    private static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.OneOf(string.Empty, "\"", ",", "\n", "\r\n", "\r", " ", "a,b", "\"quoted\"", "\\.", "\\N", "😀 emoji", "日本語")),
        (3, Gen.String[Gen.Char["\",\r\n \taé€\\N."], 0, 12]),
        (1, Gen.String.Where(s => !s.Contains('\0', StringComparison.Ordinal) && System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s)) == s)));

    private static readonly Gen<DateTime> Timestamp = Gen.DateTime[new DateTime(1, 1, 1), new DateTime(9999, 12, 31, 23, 59, 59)]
        .Select(d => DateTime.SpecifyKind(new DateTime(d.Ticks - (d.Ticks % 10)), DateTimeKind.Unspecified));

    private static readonly Gen<object?[]> Row = Gen.Select(
        Gen.Select(Nullable(Text), Nullable(Text.Where(s => s.Length <= 12)), Nullable(Gen.String[Gen.Char["ab ,\""], 0, 5]), Nullable(Gen.Bool), Nullable(Gen.Short)),
        Gen.Select(Nullable(Gen.Int), Nullable(Gen.Long), Nullable(Gen.Decimal[-99_999_999_999_999m, 99_999_999_999_999m].Select(d => Math.Round(d, 4))), Nullable(Gen.Decimal[-999_999_999_999_999_999m, 999_999_999_999_999_999m].Select(d => Math.Round(d, 10)))),
        Gen.Select(Nullable(Gen.DateOnly), Nullable(Gen.TimeOnly.Select(t => new TimeOnly(t.Ticks - (t.Ticks % 10)))), Nullable(Timestamp), Nullable(Timestamp.Select(d => new DateTimeOffset(d, TimeSpan.Zero)))),
        Gen.Select(Nullable(Gen.Guid), Nullable(Gen.Byte.Array[0, 120])),
        (a, b, c, d) => new object?[] { a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, c.Item1, c.Item2, c.Item3, c.Item4, d.Item1, d.Item2 });

    [Fact]
    public void PostgreSQL_writes_every_value_byte_for_byte_as_the_exporter_formats_it()
    {
        using var database = new PostgresTestDatabase();
        database.Execute($"CREATE TABLE t ({Columns})");
        var id = 0L;
        Row.Array[1, 25].Sample(rows =>
        {
            Insert(database, rows.Select(row => (++id, row)));
            var (formatted, byDatabase) = ExportBothWays(database, "t", range: null);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(formatted), System.Text.Encoding.UTF8.GetString(byDatabase));
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void The_rows_of_a_change_range_are_the_same_rows_the_reader_returns()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE m (id bigint PRIMARY KEY, note text, modifie_le timestamp NOT NULL, version bigint NOT NULL)");
        database.Execute("""
            INSERT INTO m SELECT n, 'note ' || n, TIMESTAMP '2026-01-01 00:00:00' + n * INTERVAL '1 second' + INTERVAL '0.000123 second', n * 10
            FROM generate_series(1, 300) AS n
            """);
        var timestamp = Column(database, "m", "modifie_le");
        var version = Column(database, "m", "version");
        var ranges = new[]
        {
            new ChangeRange(ChangeStrategy.Timestamp, timestamp, new DateTime(2026, 1, 1, 0, 1, 40).AddTicks(1230), FromInclusive: true, new DateTime(2026, 1, 1, 0, 3, 20).AddTicks(1230)),
            new ChangeRange(ChangeStrategy.Timestamp, timestamp, new DateTime(2026, 1, 1, 0, 1, 40).AddTicks(1230), FromInclusive: false, new DateTime(2026, 1, 1, 0, 3, 20).AddTicks(1230)),
            new ChangeRange(ChangeStrategy.Timestamp, timestamp, null, FromInclusive: false, new DateTime(2026, 1, 1, 0, 0, 50)),
            new ChangeRange(ChangeStrategy.Sequence, version, 1000L, FromInclusive: false, 2000L),
        };
        var expectedRows = new[] { 101, 100, 49, 100 };

        for (var i = 0; i < ranges.Length; i++)
        {
            var (formatted, byDatabase) = ExportBothWays(database, "m", ranges[i]);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(formatted), System.Text.Encoding.UTF8.GetString(byDatabase));
            Assert.Equal(expectedRows[i] + 1, System.Text.Encoding.UTF8.GetString(byDatabase).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public void The_change_range_bound_as_a_setting_can_still_use_the_index_on_the_change_column()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE m (id bigint PRIMARY KEY, note text, modifie_le timestamp NOT NULL)");
        database.Execute("CREATE INDEX m_modifie_le ON m (modifie_le)");
        var schema = new TableSchema("m", [new ColumnSchema("id", PortableType.Int64, false), new ColumnSchema("note", PortableType.String, true), new ColumnSchema("modifie_le", PortableType.DateTime, false)], ["id"]);
        var range = new ChangeRange(ChangeStrategy.Timestamp, schema.Columns[2], new DateTime(2026, 1, 1), true, new DateTime(2026, 1, 2));
        var copy = PostgresCsvCopy.Statement(schema, ["id"], range);
        var select = copy["COPY (".Length..copy.LastIndexOf(") TO STDOUT", StringComparison.Ordinal)];

        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var bind = new NpgsqlCommand(PostgresCsvCopy.BindRange + "; SET LOCAL enable_seqscan = off", connection, transaction))
        {
            bind.Parameters.AddWithValue("to", range.To);
            bind.Parameters.AddWithValue("from", range.From!);
            bind.ExecuteNonQuery();
        }

        using var explain = new NpgsqlCommand("EXPLAIN " + select, connection, transaction);
        using var reader = explain.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(0));
        }

        Assert.Contains(plan, line => line.Contains("Index Cond", StringComparison.Ordinal) && line.Contains("modifie_le", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_range_read_by_a_sequential_scan_has_its_bounds_read_once_and_a_narrow_one_keeps_the_index()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE w (id bigint PRIMARY KEY, note text, modifie_le timestamp NOT NULL)");
        database.Execute("""
            INSERT INTO w SELECT n, 'note ' || n, TIMESTAMP '2026-01-01 00:00:00' + (n * 7919 % 20000) * INTERVAL '1 second' + INTERVAL '0.5 second'
            FROM generate_series(1, 20000) AS n
            """);
        database.Execute("CREATE INDEX w_modifie_le ON w (modifie_le); ANALYZE w");
        var column = Column(database, "w", "modifie_le");
        var schema = new TableSchema("w", [new ColumnSchema("id", PortableType.Int64, false), new ColumnSchema("note", PortableType.String, true), column], ["id"]);
        var wide = new ChangeRange(ChangeStrategy.Timestamp, column, new DateTime(2026, 1, 1, 0, 0, 10, 500), FromInclusive: false, new DateTime(2026, 1, 2));
        var narrow = new ChangeRange(ChangeStrategy.Timestamp, column, new DateTime(2026, 1, 1, 1, 0, 0), FromInclusive: true, new DateTime(2026, 1, 1, 1, 0, 10));

        Assert.Equal(PostgresCsvCopy.BoundOnce(schema, ["id"], wide), Planned(database, schema, wide));
        Assert.Equal(PostgresCsvCopy.Statement(schema, ["id"], narrow), Planned(database, schema, narrow));
        foreach (var (range, rows) in new[] { (wide, 19989), (narrow, 10) })
        {
            var (formatted, byDatabase) = ExportBothWays(database, "w", range);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(formatted), System.Text.Encoding.UTF8.GetString(byDatabase));
            Assert.Equal(rows + 1, System.Text.Encoding.UTF8.GetString(byDatabase).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public void Infinite_dates_and_times_are_written_as_PostgreSQLs_own_text_by_both_paths()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("CREATE TABLE inf (id bigint PRIMARY KEY, d date, ts timestamp, tstz timestamptz)");
        database.Execute("""
            INSERT INTO inf VALUES (1, 'infinity', 'infinity', 'infinity'), (2, '-infinity', '-infinity', '-infinity'),
                (3, '2024-02-29', '2024-02-29 08:30:00.5', '2024-02-29 08:30:00.5+01'), (4, NULL, NULL, NULL)
            """);

        var (formatted, byDatabase) = ExportBothWays(database, "inf", range: null);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(formatted), System.Text.Encoding.UTF8.GetString(byDatabase));
        Assert.Contains("1,infinity,infinity,infinity\n2,-infinity,-infinity,-infinity\n", System.Text.Encoding.UTF8.GetString(byDatabase), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dec numeric(12,2)", "'NaN'", "dec", "NaN")]
    [InlineData("d date", "'0044-03-15 BC'", "d", "0044-03-15 BC")]
    [InlineData("tm time", "'24:00:00'", "tm", "24:00:00")]
    [InlineData("ts timestamp", "'10000-01-01 00:00:00'", "ts", "10000-01-01 00:00:00")]
    [InlineData("tstz timestamptz", "'0001-01-01 00:00:00+00 BC'", "tstz", "0001-01-01 00:00:00+00 BC")]
    [InlineData("d date", "'10000-01-01'", "d", "10000-01-01")]
    [InlineData("ts timestamp", "'0001-12-31 23:59:59.5 BC'", "ts", "0001-12-31 23:59:59.5 BC")]
    [InlineData("ts timestamp(3)", "'294276-12-31 23:59:59.999'", "ts", "294276-12-31 23:59:59.999")]
    public void A_value_no_bundle_can_carry_is_refused_with_the_rows_key_and_the_column(string column, string value, string name, string shown)
    {
        using var database = new PostgresTestDatabase();
        database.Execute($"CREATE TABLE bad (id bigint PRIMARY KEY, code text, {column})");
        database.Execute($"INSERT INTO bad VALUES (1, 'fine', NULL), (7, 'bad', {value}), (9, 'after', NULL)");

        var error = Assert.Throws<SourceValueException>(() => ExportByDatabase(database, "bad", range: null));
        var where = name == "dec" ? "row 2" : "row (id=7)";
        Assert.Equal($"Table bad, {where}, column {name}: the value {shown} cannot be carried by a bundle.", error.Message);
        Assert.ThrowsAny<Exception>(() => ExportFormatted(database, "bad", range: null));

        // The same with the key after the refused column, a few rows on: the message still names it.
        database.Execute($"CREATE TABLE late ({column}, code text, id bigint PRIMARY KEY)");
        database.Execute("INSERT INTO late SELECT NULL, 'fine ' || n, n FROM generate_series(1, 5000) AS n");
        database.Execute($"INSERT INTO late VALUES ({value}, 'bad', 7777), (NULL, 'after', 7778)");
        error = Assert.Throws<SourceValueException>(() => ExportByDatabase(database, "late", range: null));
        where = name == "dec" ? "row 5001" : "row (id=7777)";
        Assert.Equal($"Table late, {where}, column {name}: the value {shown} cannot be carried by a bundle.", error.Message);
    }

    [Fact]
    public void Columns_carried_as_PostgreSQL_text_are_written_alike_by_COPY_and_by_the_reader()
    {
        using var database = new PostgresTestDatabase();
        database.Execute("""
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN pad5 AS char(5);
            CREATE DOMAIN cents AS numeric(12,2) CHECK (VALUE >= 0);
            CREATE TABLE native (id bigint PRIMARY KEY, m mood, tags text[], f real[], j jsonb, iv interval, ip inet, net cidr,
                v tsvector, q tsquery, r int4range, pt point, bits varbit, x xml, p pad5, c cents, cash money, wide numeric(40,5), n numeric)
            """);
        database.Execute("""
            INSERT INTO native VALUES
                (1, 'happy', ARRAY['a,b', NULL, '', 'q"t'], ARRAY[1.5, NULL, 1e-45]::real[], '{"k": [1, 2.50]}', '-1 days +02:03:04.5', '::1', '10.1.0.0/16',
                 'a:1 b:2', 'a & !b', '[1,5)', '(1.5,-2)', B'1011', '<a x="1">t</a>', 'ab', 12.5, -3.21, 123456789012345678901234567890123.12345, 'NaN'),
                (2, NULL, ARRAY[]::text[], ARRAY[]::real[], 'null', '0', '192.168.1.7/24', NULL, '', NULL, 'empty', NULL, B'', '', NULL, 0, 0, NULL, -1e-30),
                (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """);

        var (formatted, byDatabase) = ExportBothWays(database, "native", range: null);

        var csv = System.Text.Encoding.UTF8.GetString(byDatabase);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(formatted), csv);
        Assert.Contains("1,happy,\"{\"\"a,b\"\",NULL,\"\"\"\",\"\"q\\\"\"t\"\"}\",\"{1.5,NULL,1e-45}\",", csv, StringComparison.Ordinal);
        Assert.Contains(",::1,10.1.0.0/16,", csv, StringComparison.Ordinal);
        Assert.Contains(",ab   ,12.50,-3.21,123456789012345678901234567890123.12345,NaN\n", csv, StringComparison.Ordinal);
        Assert.Contains(",192.168.1.7/24,", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("f real")]
    [InlineData("f double precision")]
    public void A_table_with_a_type_PostgreSQL_cannot_format_exactly_is_formatted_by_the_exporter(string column)
    {
        using var database = new PostgresTestDatabase();
        database.Execute($"CREATE TABLE other (id bigint PRIMARY KEY, {column})");

        var result = RunAsync(async snapshot =>
        {
            var schema = await snapshot.DescribeTableAsync("other", CancellationToken.None);
            return await snapshot.TryReadRowsAsCsvAsync(schema, ["id"], null, CancellationToken.None);
        }, database);
        Assert.Null(result);
    }

    private static string Planned(PostgresTestDatabase database, TableSchema schema, ChangeRange range)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var bind = new NpgsqlCommand(PostgresCsvCopy.BindRange, connection, transaction))
        {
            bind.Parameters.AddWithValue("to", range.To);
            bind.Parameters.AddWithValue("from", range.From!);
            bind.ExecuteNonQuery();
        }

        return PostgresCsvCopy.PlannedStatementAsync(connection, transaction, schema, ["id"], range, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static (byte[] Formatted, byte[] ByDatabase) ExportBothWays(PostgresTestDatabase database, string table, ChangeRange? range) =>
        (ExportFormatted(database, table, range), ExportByDatabase(database, table, range));

    private static byte[] ExportFormatted(PostgresTestDatabase database, string table, ChangeRange? range) => RunAsync(async snapshot =>
    {
        var schema = await snapshot.DescribeTableAsync(table, CancellationToken.None);
        await using var reader = await snapshot.ReadRowsAsync(schema, range, CancellationToken.None);
        using var output = new MemoryStream();
        await new TableCsvWriter(schema, ["id"]).WriteAsync(reader, output, CancellationToken.None);
        return output.ToArray();
    }, database);

    private static byte[] ExportByDatabase(PostgresTestDatabase database, string table, ChangeRange? range) => RunAsync(async snapshot =>
    {
        var schema = await snapshot.DescribeTableAsync(table, CancellationToken.None);
        var records = await snapshot.TryReadRowsAsCsvAsync(schema, ["id"], range, CancellationToken.None);
        Assert.NotNull(records);
        await using (records)
        {
            using var output = new MemoryStream();
            var rows = await new TableCsvWriter(schema, ["id"]).CopyAsync(records, output, CancellationToken.None);
            Assert.Equal(output.ToArray().Count(b => b == (byte)'\n') - 1 - CountQuotedLineFeeds(output.ToArray()), rows);
            return output.ToArray();
        }
    }, database);

    // Line feeds inside quoted fields do not end a record.
    private static int CountQuotedLineFeeds(byte[] csv)
    {
        var inQuotes = false;
        var count = 0;
        foreach (var b in csv)
        {
            if (b == (byte)'"')
            {
                inQuotes = !inQuotes;
            }
            else if (b == (byte)'\n' && inQuotes)
            {
                count++;
            }
        }

        return count;
    }

    private static T RunAsync<T>(Func<ISourceSnapshot, Task<T>> action, PostgresTestDatabase database)
    {
        return Run().GetAwaiter().GetResult();

        async Task<T> Run()
        {
            await using var snapshot = await new PostgresSourceProvider().OpenSnapshotAsync(database.ConnectionString, Environment.CurrentDirectory, Serilog.Core.Logger.None, CancellationToken.None);
            return await action(snapshot);
        }
    }

    private static ColumnSchema Column(PostgresTestDatabase database, string table, string name) =>
        RunAsync(async snapshot => (await snapshot.DescribeTableAsync(table, CancellationToken.None)).Find(name)!, database);

    private static void Insert(PostgresTestDatabase database, IEnumerable<(long Id, object?[] Row)> rows)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var clear = new NpgsqlCommand("DELETE FROM t", connection);
        clear.ExecuteNonQuery();
        using var insert = new NpgsqlCommand("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)", connection);
        foreach (var (id, row) in rows)
        {
            insert.Parameters.Clear();
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            foreach (var value in row)
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            insert.ExecuteNonQuery();
        }
    }

    private static Gen<object?> Nullable<T>(Gen<T> gen) => Gen.Frequency((1, Gen.Int[0, 0].Select(_ => (object?)null)), (4, gen.Select(v => (object?)v)));
}
