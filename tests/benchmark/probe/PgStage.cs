using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Benchmark.Probe;

/// <summary>Binary COPY of a bundle into staging tables, the importer's way and a typed way.</summary>
internal static class PgStage
{
    private const string SiteColumn = "agence";

    public static async Task<(long Rows, long Bytes)> RunAsync(string connectionString, string bundlePath, string mode)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        using var stream = new FileStream(bundlePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var bundle = BundleReader.Open(stream, Path.GetFileName(bundlePath));
        long rows = 0;
        foreach (var table in bundle.Manifest.Tables)
        {
            var types = await TargetTypesAsync(connection, table.Name);
            var columns = table.Columns.Select(c => c.Name).ToList();
            var withSite = types.ContainsKey(SiteColumn) && !columns.Contains(SiteColumn);
            if (withSite)
            {
                columns.Add(SiteColumn);
            }

            var staging = "probe_stage_" + table.Name;
            var list = string.Join(", ", columns.Select(c => "\"" + c + "\""));
            await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE \"{staging}\" AS SELECT {list} FROM \"{table.Name}\" WITH NO DATA", connection, transaction))
            {
                await create.ExecuteNonQueryAsync();
            }

            var targetTypes = columns.Select(c => types[c]).ToArray();
            using var reader = new BundleTableReader(bundle, table);
            await using var copy = await connection.BeginBinaryImportAsync($"COPY pg_temp.\"{staging}\" ({list}) FROM STDIN (FORMAT BINARY)");
            var count = table.Columns.Count;
            if (mode == "object")
            {
                while (await reader.ReadAsync())
                {
                    await copy.StartRowAsync();
                    for (var i = 0; i < count; i++)
                    {
                        var value = reader.GetValue(i);
                        if (value is DBNull)
                        {
                            await copy.WriteNullAsync();
                        }
                        else
                        {
                            await copy.WriteAsync(ForColumn(value, targetTypes[i]), targetTypes[i]);
                        }
                    }

                    if (withSite)
                    {
                        await copy.WriteAsync("AG01", targetTypes[count]);
                    }

                    rows++;
                }
            }
            else
            {
                var writers = table.Columns.Select((c, i) => Writer(c.ToSchema(), targetTypes[i])).ToArray();
                var siteType = withSite ? DbType(targetTypes[count]) : NpgsqlDbType.Text;
                while (reader.Read())
                {
                    copy.StartRow();
                    for (var i = 0; i < count; i++)
                    {
                        if (reader.IsDBNull(i))
                        {
                            copy.WriteNull();
                        }
                        else
                        {
                            writers[i](copy, reader, i);
                        }
                    }

                    if (withSite)
                    {
                        copy.Write("AG01", siteType);
                    }

                    rows++;
                }
            }

            await copy.CompleteAsync();
        }

        await transaction.RollbackAsync();
        return (rows, bundle.Manifest.Tables.Sum(t => t.Bytes));
    }

    private static async Task<Dictionary<string, string>> TargetTypesAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = @t::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            connection);
        command.Parameters.AddWithValue("t", table);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types;
    }

    /// <summary>A copy of the importer's PostgresValues.ForColumn (internal there).</summary>
    private static object ForColumn(object value, string targetType) => (targetType, value) switch
    {
        ("int2", _) => Convert.ToInt16(value, CultureInfo.InvariantCulture),
        ("int4", _) => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        ("int8", _) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ("numeric", not decimal) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        ("float8", float single) => (double)single,
        ("timestamp", DateOnly date) => date.ToDateTime(TimeOnly.MinValue),
        ("timestamp", DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
        ("timestamptz", DateTimeOffset offset) => offset.ToUniversalTime(),
        ("text" or "varchar" or "bpchar" or "citext", Guid guid) => guid.ToString("D"),
        _ => value,
    };

    private static NpgsqlDbType DbType(string typeName) => typeName switch
    {
        "int2" => NpgsqlDbType.Smallint,
        "int4" => NpgsqlDbType.Integer,
        "int8" => NpgsqlDbType.Bigint,
        "numeric" => NpgsqlDbType.Numeric,
        "float4" => NpgsqlDbType.Real,
        "float8" => NpgsqlDbType.Double,
        "bool" => NpgsqlDbType.Boolean,
        "date" => NpgsqlDbType.Date,
        "time" => NpgsqlDbType.Time,
        "timestamp" => NpgsqlDbType.Timestamp,
        "timestamptz" => NpgsqlDbType.TimestampTz,
        "uuid" => NpgsqlDbType.Uuid,
        "bytea" => NpgsqlDbType.Bytea,
        "varchar" => NpgsqlDbType.Varchar,
        "bpchar" => NpgsqlDbType.Char,
        _ => NpgsqlDbType.Text,
    };

    /// <summary>One writer per column, chosen once from the bundle type and the target type.</summary>
    private static Action<NpgsqlBinaryImporter, BundleTableReader, int> Writer(ColumnSchema column, string targetType)
    {
        var dbType = DbType(targetType);
        return (column.Type, targetType) switch
        {
            (PortableType.Int16 or PortableType.Int32 or PortableType.Int64, "int2") => (c, r, i) => c.Write(Convert.ToInt16(r.GetValue(i), CultureInfo.InvariantCulture), dbType),
            (PortableType.Int16 or PortableType.Int32 or PortableType.Int64, "int4") => (c, r, i) => c.Write(Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture), dbType),
            (PortableType.Int64, "int8") => (c, r, i) => c.Write(r.GetInt64(i), dbType),
            (_, "int8") => (c, r, i) => c.Write(Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture), dbType),
            (PortableType.Decimal, "numeric") => (c, r, i) => c.Write(r.GetDecimal(i), dbType),
            (PortableType.Boolean, "bool") => (c, r, i) => c.Write(r.GetBoolean(i), dbType),
            (PortableType.DateTime, "timestamp") => (c, r, i) => c.Write(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Unspecified), dbType),
            (PortableType.Date, "date") => (c, r, i) => c.Write(r.GetFieldValue<DateOnly>(i), dbType),
            (PortableType.Guid, "uuid") => (c, r, i) => c.Write(r.GetGuid(i), dbType),
            (PortableType.Float64, "float8") => (c, r, i) => c.Write(r.GetDouble(i), dbType),
            (PortableType.String, _) => (c, r, i) => c.Write(r.GetString(i), dbType),
            _ => (c, r, i) => c.Write(ForColumn(r.GetValue(i), targetType), dbType),
        };
    }
}
