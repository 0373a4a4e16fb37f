using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SyncFiles.Sqlite;

/// <summary>
/// One INSERT prepared once and run for every row of a bundle table, each value bound in place by
/// its position: SQLite's own bulk path. SqliteCommand would, for every row, look each parameter up
/// by name, make a reader and a binder, and turn every value into a string before encoding it;
/// here numbers are bound as numbers and text is encoded into one reused buffer. What is stored
/// is decided by <see cref="SqliteValues"/>, value for value as the driver would store it.
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[256];

    /// <param name="connection">The open connection, inside the bundle's transaction.</param>
    /// <param name="sql">One INSERT statement with named parameters.</param>
    public SqliteRowInserter(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_database, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _database);
    }

    /// <summary>The position of the parameter <paramref name="name"/> (with its prefix), for <see cref="Bind"/>.</summary>
    public int ParameterIndex(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new InvalidOperationException($"The statement has no parameter {name}.");
    }

    /// <summary>Binds <paramref name="value"/> to the parameter at <paramref name="index"/> as <see cref="SqliteValues"/> stores it.</summary>
    public void Bind(int index, object? value, bool asText) => SqliteValues.Bind(this, index, value, asText);

    /// <summary>Inserts one row with the values bound now (a value stays bound until replaced).</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);

        // reset() repeats step's error code, which is already in hand.
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _database);
        }
    }

    public void Dispose() => _statement.Dispose();

    internal void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    internal void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    internal void BindDouble(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    internal void BindBlob(int index, byte[] value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    internal void BindText(int index, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            // An empty span has no address, and a null pointer binds NULL: the empty string is a
            // terminating zero, as the driver binds it.
            Check(raw.sqlite3_bind_text(_statement, index, string.Empty));
            return;
        }

        var room = Room(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, room);
        Check(raw.sqlite3_bind_text(_statement, index, room[..length]));
    }

    /// <summary>A value .NET formats straight into UTF-8 (numbers, GUIDs, dates) bound as text.</summary>
    internal void BindFormatted<T>(int index, T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        var size = 64;
        int length;
        while (!value.TryFormat(Room(size), out length, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            size *= 2;
        }

        Check(raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, length)));
    }

    private Span<byte> Room(int bytes)
    {
        if (_text.Length < bytes)
        {
            _text = new byte[Math.Max(bytes, _text.Length * 2)];
        }

        return _text;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _database);
        }
    }
}
