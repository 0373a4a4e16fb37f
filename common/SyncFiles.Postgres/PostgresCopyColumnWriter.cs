using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SyncFiles.Common.Csv;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// Writes one bundle column's non-NULL value of the current row into a binary COPY, in the form the
/// target column's type takes. Chosen once per column: the pairs of a bundle type and a target type
/// that rows carry most (an integer into its own integer, a decimal into numeric, a string into a
/// text type, a date-time into timestamp) are read with the reader's typed getter and written with
/// their own CLR type, so Npgsql resolves the type once per column instead of once per value (an
/// object written under a type name); every other pair goes through <see cref="PostgresValues.ForColumn"/>
/// as before. docs/performance.md, "Import margin (issue 16)".
/// </summary>
internal abstract class PostgresCopyColumnWriter
{
    public abstract void Write(NpgsqlBinaryImporter copy, DbDataReader rows, int ordinal);

    /// <param name="column">The bundle column.</param>
    /// <param name="targetType">The target column's pg_type name.</param>
    /// <param name="asText">The column is staged as text (PostgresTargetTransaction.StagedAsText).</param>
    public static PostgresCopyColumnWriter For(ColumnSchema column, string targetType, bool asText)
    {
        if (asText)
        {
            return new AsTextWriter(column);
        }

        return (column.Type, targetType) switch
        {
            (PortableType.Int64, "int8") => new Typed<long>(NpgsqlDbType.Bigint, static (rows, i) => rows.GetInt64(i)),
            (PortableType.Int32, "int4") => new Typed<int>(NpgsqlDbType.Integer, static (rows, i) => rows.GetInt32(i)),
            (PortableType.Int16, "int2") => new Typed<short>(NpgsqlDbType.Smallint, static (rows, i) => rows.GetInt16(i)),
            (PortableType.Decimal, "numeric") => new Typed<decimal>(NpgsqlDbType.Numeric, static (rows, i) => rows.GetDecimal(i)),
            (PortableType.Boolean, "bool") => new Typed<bool>(NpgsqlDbType.Boolean, static (rows, i) => rows.GetBoolean(i)),
            (PortableType.Float64, "float8") => new Typed<double>(NpgsqlDbType.Double, static (rows, i) => rows.GetDouble(i)),
            (PortableType.Guid, "uuid") => new Typed<Guid>(NpgsqlDbType.Uuid, static (rows, i) => rows.GetGuid(i)),
            (PortableType.String, _) when TextType(targetType) is { } text => new Typed<string>(text, static (rows, i) => rows.GetString(i)),
            (PortableType.DateTime, "timestamp") => new TimestampWriter(),
            _ => new ConvertedWriter(targetType),
        };
    }

    /// <summary>The NpgsqlDbType of a text type's pg_type name (text, varchar, bpchar, citext); null for any other type.</summary>
    public static NpgsqlDbType? TextType(string targetType) => targetType switch
    {
        "text" => NpgsqlDbType.Text,
        "varchar" => NpgsqlDbType.Varchar,
        "bpchar" => NpgsqlDbType.Char,
        "citext" => NpgsqlDbType.Citext,
        _ => null,
    };

    /// <summary>A value whose bundle type is the one the target type takes as it is.</summary>
    private sealed class Typed<T>(NpgsqlDbType type, Func<DbDataReader, int, T> read) : PostgresCopyColumnWriter
    {
        public override void Write(NpgsqlBinaryImporter copy, DbDataReader rows, int ordinal) => copy.Write(read(rows, ordinal), type);
    }

    /// <summary>A date-time into timestamp: without a kind, as ForColumn writes it; an infinity as ForColumn writes it.</summary>
    private sealed class TimestampWriter : PostgresCopyColumnWriter
    {
        public override void Write(NpgsqlBinaryImporter copy, DbDataReader rows, int ordinal)
        {
            var value = rows.GetValue(ordinal);
            if (value is DateTime time)
            {
                copy.Write(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
            }
            else
            {
                copy.Write(PostgresValues.ForColumn(value, "timestamp"), "timestamp");
            }
        }
    }

    /// <summary>Any other pair: the value converted by ForColumn and written under the target's type name.</summary>
    private sealed class ConvertedWriter(string targetType) : PostgresCopyColumnWriter
    {
        public override void Write(NpgsqlBinaryImporter copy, DbDataReader rows, int ordinal) =>
            copy.Write(PostgresValues.ForColumn(rows.GetValue(ordinal), targetType), targetType);
    }

    /// <summary>
    /// A value staged as text: the bundle's text of it (a string as it is), bytes in PostgreSQL's
    /// hex form, which bytea's input reads (base64 it does not).
    /// </summary>
    private sealed class AsTextWriter(ColumnSchema column) : PostgresCopyColumnWriter
    {
        public override void Write(NpgsqlBinaryImporter copy, DbDataReader rows, int ordinal)
        {
            var text = rows.GetValue(ordinal) switch
            {
                string value => value,
                byte[] bytes => "\\x" + Convert.ToHexString(bytes),
                var value => ValueText.Format(value, column),
            };
            copy.Write(text, NpgsqlDbType.Text);
        }
    }
}
