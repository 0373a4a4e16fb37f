using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using SyncFiles.Benchmark.Probe;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Postgres;
using SyncFiles.Sqlite;

// Times one stage of an export or an import inside one process, after the process has started,
// so that the stages can be compared with each other and with the programs' wall times.
//
//   syncfiles-probe export PROVIDER CONNECTION TABLES STAGE [OUTPUT]
//     PROVIDER sqlite | postgres; TABLES comma-separated, read in full (no change window);
//     STAGE fetch      rows stepped through, no value touched (the driver and the database)
//           raw        + every value fetched with GetValue (the driver's own type, no conversion)
//           read       every value fetched with its typed getter as the exporter does, nothing written
//           csv        + CSV formatting (TableCsvWriter) into nothing
//           hash       + SHA-256 of the CSV bytes
//           deflate:N | zstd:N   a whole bundle file (without manifest) at that level (deflate:0 = stored)
//           copy-STAGE  the same stages (fetch: the COPY bytes read and finished, nothing else; csv,
//                       hash, deflate:N, zstd:N, zstd-managed:N) from the CSV PostgreSQL formats
//                       itself (TryReadRowsAsCsvAsync, TableCsvWriter.CopyAsync), as the exporter does
//   syncfiles-probe import BUNDLE STAGE
//     STAGE inflate    each table entry decompressed and hashed (BundleReader), nothing parsed
//           parse      + CSV parsed and every value converted and checked (BundleTableReader)
//   syncfiles-probe pgstage CONNECTION BUNDLE MODE
//     loads every table of BUNDLE into a temporary staging table shaped from the central table of
//     the same name (site column "agence" filled when the table has it) by binary COPY, in one
//     transaction that is rolled back. MODE object: each value boxed, converted and written with
//     its type name, as the importer does it (PostgresTargetTransaction.StageAsync); typed: one
//     writer per column chosen once, values written with their CLR type and NpgsqlDbType.
//   syncfiles-probe noop   start and exit (the cost of starting a .NET process)
//
// Prints one line: "stage seconds rows bytes cpu-seconds" (seconds measured inside the process,
// CPU user+sys of the whole process since it started).
var invariant = CultureInfo.InvariantCulture;
var watch = Stopwatch.StartNew();
long rows = 0;
long bytes = 0;
string stage;
switch (args.FirstOrDefault())
{
    case "noop":
        stage = "noop";
        break;
    case "export" when args.Length >= 5:
        stage = args[4];
        (rows, bytes) = await ExportAsync(args[1], args[2], args[3].Split(','), stage, args.Length > 5 ? args[5] : Path.GetTempFileName());
        break;
    case "pgstage" when args.Length >= 4:
        stage = "pgstage-" + args[3];
        (rows, bytes) = await PgStage.RunAsync(args[1], args[2], args[3]);
        break;
    case "import" when args.Length >= 3:
        stage = args[2];
        (rows, bytes) = Import(args[1], stage);
        break;
    default:
        Console.Error.WriteLine("usage: syncfiles-probe export PROVIDER CONNECTION TABLES STAGE [OUTPUT] | import BUNDLE STAGE | pgstage CONNECTION BUNDLE object|typed | noop");
        return 2;
}

Console.WriteLine(string.Create(invariant, $"{stage} {watch.Elapsed.TotalSeconds:F3} {rows} {bytes} {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F3}"));
return 0;

static async Task<(long Rows, long Bytes)> ExportAsync(string providerName, string connection, string[] tables, string stage, string output)
{
    ISourceProvider provider = providerName switch
    {
        "sqlite" => new SqliteSourceProvider(),
        "postgres" => new PostgresSourceProvider(),
        _ => throw new ArgumentException($"unknown provider {providerName}"),
    };
    await using var snapshot = await provider.OpenSnapshotAsync(connection, Environment.CurrentDirectory, Serilog.Core.Logger.None, CancellationToken.None);
    long rows = 0;
    long bytes = 0;
    BundleWriter? bundle = null;
    FileStream? file = null;
    var copy = stage.StartsWith("copy-", StringComparison.Ordinal);
    if (copy)
    {
        stage = stage["copy-".Length..];
    }

    if (stage.Contains(':', StringComparison.Ordinal))
    {
        var parts = stage.Split(':');
        var managed = parts[0].EndsWith("-managed", StringComparison.Ordinal);
        file = new FileStream(output, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        bundle = new BundleWriter(file, Enum.Parse<BundleCompression>(managed ? parts[0][..^"-managed".Length] : parts[0], ignoreCase: true), int.Parse(parts[1], CultureInfo.InvariantCulture), nativeZstd: !managed);
    }

    foreach (var name in tables)
    {
        var schema = await snapshot.DescribeTableAsync(name, CancellationToken.None);
        if (copy)
        {
            var (copiedRows, copiedBytes) = await CopyAsync(snapshot, schema, stage, bundle);
            rows += copiedRows;
            bytes += copiedBytes;
            continue;
        }

        await using var reader = await snapshot.ReadRowsAsync(schema, null, CancellationToken.None);
        var writer = new TableCsvWriter(schema, schema.PrimaryKey);
        switch (stage)
        {
            case "fetch":
                while (await reader.ReadAsync())
                {
                    rows++;
                }

                break;
            case "raw":
                while (await reader.ReadAsync())
                {
                    rows++;
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        _ = reader.GetValue(i);
                    }
                }

                break;
            case "read":
                rows += await ReadAllAsync(reader, schema);
                break;
            case "csv":
            {
                var counter = new CountingStream();
                rows += await writer.WriteAsync(reader, counter, CancellationToken.None);
                bytes += counter.Count;
                break;
            }

            case "hash":
            {
                using var hashing = HashingStream.ForWriting(Stream.Null);
                rows += await writer.WriteAsync(reader, hashing, CancellationToken.None);
                bytes += hashing.BytesCounted;
                _ = hashing.FinishHash();
                break;
            }

            default:
            {
                using var entry = bundle!.OpenEntry(BundleEntries.TableFile(schema.Name));
                rows += await writer.WriteAsync(reader, entry.Content, CancellationToken.None);
                bytes += entry.Content.BytesCounted;
                _ = entry.Content.FinishHash();
                break;
            }
        }
    }

    bundle?.Dispose();
    if (file is not null)
    {
        await file.FlushAsync();
        await file.DisposeAsync();
    }

    return (rows, bytes);
}

static async Task<(long Rows, long Bytes)> CopyAsync(ISourceSnapshot snapshot, TableSchema schema, string stage, BundleWriter? bundle)
{
    await using var records = await snapshot.TryReadRowsAsCsvAsync(schema, schema.PrimaryKey, null, CancellationToken.None)
        ?? throw new InvalidOperationException($"PostgreSQL cannot format table {schema.Name} itself.");
    var writer = new TableCsvWriter(schema, schema.PrimaryKey);
    switch (stage)
    {
        case "fetch":
        {
            var buffer = new byte[128 * 1024];
            long bytes = 0;
            int read;
            while ((read = await records.ReadAsync(buffer)) > 0)
            {
                bytes += read;
            }

            return (0, bytes);
        }

        case "csv":
        {
            var counter = new CountingStream();
            var rows = await writer.CopyAsync(records, counter, CancellationToken.None);
            return (rows, counter.Count);
        }

        case "hash":
        {
            using var hashing = HashingStream.ForWriting(Stream.Null);
            var rows = await writer.CopyAsync(records, hashing, CancellationToken.None);
            _ = hashing.FinishHash();
            return (rows, hashing.BytesCounted);
        }

        default:
        {
            using var entry = bundle!.OpenEntry(BundleEntries.TableFile(schema.Name));
            var rows = await writer.CopyAsync(records, entry.Content, CancellationToken.None);
            _ = entry.Content.FinishHash();
            return (rows, entry.Content.BytesCounted);
        }
    }
}

static async Task<long> ReadAllAsync(DbDataReader reader, TableSchema schema)
{
    long rows = 0;
    var columns = schema.Columns;
    while (await reader.ReadAsync())
    {
        rows++;
        for (var i = 0; i < columns.Count; i++)
        {
            if (reader.IsDBNull(i))
            {
                continue;
            }

            _ = columns[i].Type switch
            {
                PortableType.String => (object)reader.GetString(i),
                PortableType.Boolean => reader.GetBoolean(i),
                PortableType.Int16 => reader.GetInt16(i),
                PortableType.Int32 => reader.GetInt32(i),
                PortableType.Int64 => reader.GetInt64(i),
                PortableType.Decimal => reader.GetDecimal(i),
                PortableType.Float32 => reader.GetFloat(i),
                PortableType.Float64 => reader.GetDouble(i),
                PortableType.Date => reader.GetFieldValue<DateOnly>(i),
                PortableType.Time => reader.GetFieldValue<TimeOnly>(i),
                PortableType.DateTime => reader.GetDateTime(i),
                PortableType.DateTimeOffset => reader.GetFieldValue<DateTimeOffset>(i),
                PortableType.Guid => reader.GetGuid(i),
                _ => reader.GetValue(i),
            };
        }
    }

    return rows;
}

static (long Rows, long Bytes) Import(string path, string stage)
{
    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    using var bundle = BundleReader.Open(stream, Path.GetFileName(path));
    long rows = 0;
    long bytes = 0;
    var buffer = new byte[1 << 16];
    foreach (var table in bundle.Manifest.Tables)
    {
        if (stage == "inflate")
        {
            using var entry = bundle.OpenTable(table);
            int read;
            while ((read = entry.Content.Read(buffer)) > 0)
            {
                bytes += read;
            }

            _ = entry.Content.FinishHash();
            rows += table.Rows;
            continue;
        }

        using var reader = new BundleTableReader(bundle, table);
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }

        rows += reader.RowsRead;
        bytes += table.Bytes;
    }

    return (rows, bytes);
}

/// <summary>Counts what is written and throws it away: the CSV stage without hashing.</summary>
internal sealed class CountingStream : Stream
{
    public long Count { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Count += count;

    public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
}
